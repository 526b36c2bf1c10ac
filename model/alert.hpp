#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "model/item.hpp"
#include "model/match.hpp"
#include "model/time.hpp"

namespace vigil {

// What a source health notice tells.
enum class HealthEvent { failing, silent, recovered };

// One story to deliver on one channel. `id` is stable for the alert's whole life: it is the
// email Message-ID and the webhook-id, so a repeat after a crash can be dropped by receivers.
struct Alert {
  std::string id;
  std::string channel;
  std::vector<std::string> topics;  // every topic routed to this channel that matched
  std::vector<Match> matches;       // their explanations, in the same order (may be empty for old alerts)
  std::vector<std::string> also;    // other sources that carry the story ("also reported by")
  bool update = false;              // a later source of a story the channel had already
  // A source health notice ([daemon] health_notify), not a story: `item` is written by vigil
  // (title "Source NAME has failed for 6h", link the source's URL, summary the last error) and
  // `topics` is empty.
  bool health = false;
  HealthEvent health_event = HealthEvent::failing;  // which notice, when `health`
  Item item;
  Timestamp created{};
  int attempts = 0;                  // delivery attempts made so far
  // Pacing (the channel's digest, quiet hours, rate limit): held alerts go out together, in
  // one digest; `digest` is the digest's id once one was formed (kept across a crash or a
  // failed attempt, so a repeat carries the same id).
  bool held = false;
  std::string digest{};
};

// Several alerts of one channel sent as one message: a digest (`digest`, `digest_at`), what
// quiet hours held, or what a `rate_limit` rolled over. Its id is stable like an alert's: a
// digest sent again after a crash or a failure carries the same Message-ID / webhook-id.
struct Digest {
  std::string id;
  std::string channel;
  std::vector<Alert> alerts;  // oldest first; at least two
  Timestamp created{};        // when it was formed
};

enum class DeliveryOutcome {
  delivered,  // the server accepted it (SMTP 250, HTTP 2xx)
  retry,      // transient: try again later
  permanent,  // SMTP 5xx, HTTP 4xx except 408/429: dead letter
};

struct Delivery {
  DeliveryOutcome outcome = DeliveryOutcome::retry;
  std::string reply;  // the server's reply or the transport error, for logs and `vigil alerts`
  // A retry: how long the server asked to wait (Retry-After, Telegram's retry_after, Matrix's
  // retry_after_ms); the next attempt is no sooner.
  std::optional<std::chrono::seconds> retry_after{};
};

const char* to_string(DeliveryOutcome outcome);

}  // namespace vigil
