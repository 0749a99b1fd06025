// Live updates: what changed on which patient, published after a change
// commits and delivered to the patient's team members' open connections.
// Events carry ids only, never names or clinical text: the client fetches.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.h"
#include "storage/event_channel.h"
#include "teams/teams_store.h"

namespace tsunagu::live {

struct LiveEvent {
  std::string type;  // post.created, post.updated, comment.created, post.read, team.changed
  std::string patient_id;
  std::optional<std::string> post_id;
  // Also told, though not (or no longer) on the team: a removed member.
  std::vector<std::string> also_user_ids;
};

std::string EncodeEvent(const LiveEvent& event);
// nullopt for a payload that is not an event.
std::optional<LiveEvent> DecodeEvent(const std::string& payload);

// Publishes events to every server sharing the database. Never throws: a lost
// live update only delays what the next fetch shows.
class LivePublisher {
 public:
  explicit LivePublisher(storage::EventChannel& channel) : channel_(channel) {}
  void Publish(const LiveEvent& event) const;

 private:
  storage::EventChannel& channel_;
};

// Turns events into messages for the members of the patient's team.
class LiveNotifier {
 public:
  using Deliver = std::function<void(const std::vector<std::string>& user_ids, const std::string& message)>;
  LiveNotifier(storage::Database& db, const teams::TeamsStore& teams, Deliver deliver)
      : db_(db), teams_(teams), deliver_(std::move(deliver)) {}
  void OnPayload(const std::string& payload) const;

 private:
  storage::Database& db_;
  const teams::TeamsStore& teams_;
  Deliver deliver_;
};

}  // namespace tsunagu::live
