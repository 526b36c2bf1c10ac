#pragma once
// The configured values that must never appear in a log line; the daemon hands them to its
// log sinks, which replace each with "***". A new secret key belongs here as well as in its
// section's table.
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace vigil::config {

// Every secret of `config`, each in the forms a log line could carry it (as written and
// percent-decoded for URL parts). Empty values are left out; the order means nothing.
//   - channels: SMTP passwords, webhook signing keys (and their base64 text), telegram and
//     matrix tokens, the password in any URL's userinfo, credential-named query parameters
//     (see is_credential_name), and the whole path and query of slack, discord, teams and
//     mattermost webhook URLs (the URL is the credential there);
//   - sources: basic-auth passwords, values of credential-named headers (and the token after
//     "Bearer "/"Basic "), URL userinfo passwords and credential-named query parameters, proxy
//     userinfo passwords; the same for [daemon] proxy;
//   - [daemon] metrics_token.
std::vector<std::string> secrets_of(const Config& config);

// Whether a header or query parameter name suggests its value is a credential
// ("Authorization", "X-Api-Key", "token", "access_token", "sig", ...). Case-insensitive.
bool is_credential_name(std::string_view name);

}  // namespace vigil::config
