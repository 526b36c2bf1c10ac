#pragma once
// Private to config/: a channel's pacing keys (digest, digest_at, timezone, rate_limit,
// quiet_hours), read for channel_section.cpp's key table.
#include "alerts/channel_spec.hpp"
#include "config/reader.hpp"
#include "config/schema.hpp"

namespace vigil::config::detail {

void apply_digest(Reader& reader, const toml::node& value, alerts::ChannelSpec& out);
void apply_digest_at(Reader& reader, const toml::node& value, alerts::ChannelSpec& out);
void apply_timezone(Reader& reader, const toml::node& value, alerts::ChannelSpec& out);
void apply_rate_limit(Reader& reader, const toml::node& value, alerts::ChannelSpec& out);
void apply_quiet_hours(Reader& reader, const toml::node& value, alerts::ChannelSpec& out);

}  // namespace vigil::config::detail
