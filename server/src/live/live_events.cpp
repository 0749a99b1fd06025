#include "live/live_events.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

namespace tsunagu::live {

std::string EncodeEvent(const LiveEvent& e) {
  nlohmann::json j = {{"type", e.type}, {"patient_id", e.patient_id}};
  if (e.post_id) j["post_id"] = *e.post_id;
  if (!e.also_user_ids.empty()) j["also"] = e.also_user_ids;
  return j.dump();
}

std::optional<LiveEvent> DecodeEvent(const std::string& payload) {
  try {
    auto j = nlohmann::json::parse(payload);
    LiveEvent e;
    e.type = j.at("type").get<std::string>();
    e.patient_id = j.at("patient_id").get<std::string>();
    if (j.contains("post_id")) e.post_id = j.at("post_id").get<std::string>();
    if (j.contains("also")) e.also_user_ids = j.at("also").get<std::vector<std::string>>();
    return e;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

void LivePublisher::Publish(const LiveEvent& event) const {
  try {
    channel_.Publish(EncodeEvent(event));
  } catch (const std::exception& e) {
    spdlog::warn("live update {} for patient {} not published: {}", event.type, event.patient_id, e.what());
  }
}

void LiveNotifier::OnPayload(const std::string& payload) const {
  auto event = DecodeEvent(payload);
  if (!event) return;
  std::vector<std::string> users = event->also_user_ids;
  const auto members = db_.Read([&](storage::Connection& c) { return teams_.MemberIds(c, event->patient_id); });
  users.insert(users.end(), members.begin(), members.end());
  // The message the browser sees: the event without the delivery list.
  nlohmann::json message = {{"type", event->type}, {"patient_id", event->patient_id}};
  if (event->post_id) message["post_id"] = *event->post_id;
  deliver_(users, message.dump());
}

}  // namespace tsunagu::live
