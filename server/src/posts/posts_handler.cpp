#include "posts/posts_handler.h"

#include <algorithm>

#include "common/error.h"
#include "common/time_format.h"
#include "common/utf8.h"
#include "http/json_fields.h"
#include "http/json_values.h"
#include "http/json_writer.h"
#include "http/paging.h"

namespace tsunagu::posts {

using http::Json;
using http::Request;
using http::Response;

namespace {

constexpr size_t kMaxBodyChars = 10000;
constexpr size_t kMaxAttachments = 10;
constexpr size_t kMaxMentions = 50;

// A post as the API shows it; with its patient's name in search results.
void WritePost(http::JsonWriter& w, const Post& p, bool with_patient_name = false) {
  w.BeginObject()
      .Key("id")
      .String(p.id)
      .Key("patient_id")
      .String(p.patient_id)
      .Key("author_id")
      .String(p.author_id)
      .Key("author_name")
      .String(p.author_name)
      .Key("author_profession")
      .String(p.author_profession)
      .Key("category")
      .String(p.category)
      .Key("body")
      .String(p.body)
      .Key("urgent")
      .Bool(p.urgent)
      .Key("created_at")
      .Time(p.created_at)
      .Key("edited_at")
      .OptionalTime(p.edited_at)
      .Key("withdrawn_at")
      .OptionalTime(p.withdrawn_at)
      .Key("withdrawal_reason")
      .OptionalString(p.withdrawal_reason)
      .Key("attachment_ids")
      .Strings(p.attachment_ids)
      .Key("attachments")
      .BeginArray();
  for (const auto& a : p.attachments) {
    w.BeginObject()
        .Key("id")
        .String(a.id)
        .Key("content_type")
        .String(a.content_type)
        .Key("file_name")
        .String(a.file_name)
        .Key("byte_size")
        .Int(a.byte_size)
        .Key("thumbnail")
        .Bool(a.thumbnail)
        .EndObject();
  }
  w.EndArray()
      .Key("mention_user_ids")
      .Strings(p.mention_user_ids)
      .Key("comment_count")
      .Int(p.comment_count)
      .Key("read_count")
      .Int(p.read_count)
      .Key("read_by_me")
      .Bool(p.read_by_me);
  if (with_patient_name) w.Key("patient_name").String(p.patient_name);
  w.EndObject();
}

Response PostResponse(const Post& p, int status = 200) {
  http::JsonWriter w;
  WritePost(w, p);
  return Response::OkText(w.Take(), status);
}

Json CommentToJson(const Comment& c) {
  return {{"id", c.id},
          {"post_id", c.post_id},
          {"author_id", c.author_id},
          {"author_name", c.author_name},
          {"author_profession", c.author_profession},
          {"body", c.body},
          {"created_at", FormatRfc3339Japan(c.created_at)}};
}

std::optional<TimestampMs> TimeParam(const Request& req, const std::string& name, bool end_of_day) {
  auto v = req.QueryParam(name);
  if (!v) return std::nullopt;
  auto t = ParseRfc3339(*v);
  if (!t) throw AppError::InvalidField(name, "日付（YYYY-MM-DD）か日時（RFC 3339）で指定してください");
  // A bare date as the end of a range means the whole of that day.
  if (end_of_day && v->size() == 10) *t += 86400000;
  return t;
}

}  // namespace

void PostsHandler::Register(http::Router& router) {
  using http::RouteAccess;
  router.Add("GET", "/api/v1/patients/{id}/posts", RouteAccess::kSignedIn,
             [this](Request& r) { return ListTimeline(r); });
  router.Add("POST", "/api/v1/patients/{id}/posts", RouteAccess::kSignedIn, [this](Request& r) { return Create(r); });
  router.Add("GET", "/api/v1/posts", RouteAccess::kSignedIn, [this](Request& r) { return Search(r); });
  router.Add("GET", "/api/v1/posts/{id}", RouteAccess::kSignedIn, [this](Request& r) { return Get(r); });
  router.Add("PATCH", "/api/v1/posts/{id}", RouteAccess::kSignedIn, [this](Request& r) { return Edit(r); });
  router.Add("POST", "/api/v1/posts/{id}/withdraw", RouteAccess::kSignedIn, [this](Request& r) { return Withdraw(r); });
  router.Add("GET", "/api/v1/posts/{id}/history", RouteAccess::kSignedIn, [this](Request& r) { return History(r); });
  router.Add("GET", "/api/v1/posts/{id}/comments", RouteAccess::kSignedIn,
             [this](Request& r) { return ListComments(r); });
  router.Add("POST", "/api/v1/posts/{id}/comments", RouteAccess::kSignedIn,
             [this](Request& r) { return AddComment(r); });
  router.Add("POST", "/api/v1/posts/{id}/read", RouteAccess::kSignedIn, [this](Request& r) { return MarkRead(r); });
  router.Add("GET", "/api/v1/posts/{id}/reads", RouteAccess::kSignedIn, [this](Request& r) { return ListReads(r); });
}

Response PostsHandler::ListTimeline(Request& req) {
  auto page = http::ParsePage(req);
  TimelineQuery q;
  q.patient_id = req.PathParam("id");
  q.category = req.QueryParam("category");
  if (q.category && !IsCategory(*q.category)) throw AppError::InvalidField("category", "分類が正しくありません");
  q.author_id = req.QueryParam("author_id");
  if (q.author_id && (q.author_id->empty() || q.author_id->size() > 64))
    throw AppError::InvalidField("author_id", "投稿者の ID が正しくありません");
  q.urgent = req.BoolQueryParam("urgent");
  q.from = TimeParam(req, "from", false);
  q.to = TimeParam(req, "to", true);
  q.before_id = page.before;
  q.limit = page.limit + 1;
  auto posts = service_.ListTimeline(req.actor, q);
  return http::PageResponse(
      posts, page.limit, [](http::JsonWriter& w, const Post& p) { WritePost(w, p); },
      [](const Post& p) { return p.id; });
}

Response PostsHandler::Search(Request& req) {
  auto page = http::ParsePage(req);
  SearchQuery q;
  auto text = req.QueryParam("q");
  if (!text || text->empty()) throw AppError::InvalidField("q", "検索する言葉を入力してください");
  if (CountCodePoints(*text) > 100) throw AppError::InvalidField("q", "検索語は100文字以内にしてください");
  q.text = *text;
  q.patient_id = req.QueryParam("patient_id");
  q.before_id = page.before;
  q.limit = page.limit + 1;
  auto found = service_.Search(req.actor, q);
  return http::PageResponse(
      found, page.limit, [](http::JsonWriter& w, const Post& p) { WritePost(w, p, true); },
      [](const Post& p) { return p.id; });
}

Response PostsHandler::Create(Request& req) {
  http::JsonFields f(req.JsonBody());
  NewPost post;
  post.category = f.RequiredString("category", 30);
  post.body = f.RequiredString("body", kMaxBodyChars, true);
  post.urgent = f.OptionalBool("urgent").value_or(false);
  post.attachment_ids = f.StringList("attachment_ids", kMaxAttachments, 64);
  // Repeats are dropped; the order of first naming is kept.
  for (auto& id : f.StringList("mention_user_ids", kMaxMentions, 64))
    if (std::find(post.mention_user_ids.begin(), post.mention_user_ids.end(), id) == post.mention_user_ids.end())
      post.mention_user_ids.push_back(std::move(id));
  f.Done();
  return PostResponse(service_.Create(req.actor, req.PathParam("id"), post), 201);
}

Response PostsHandler::Get(Request& req) { return PostResponse(service_.Get(req.actor, req.PathParam("id"))); }

Response PostsHandler::Edit(Request& req) {
  http::JsonFields f(req.JsonBody());
  PostChanges ch;
  ch.category = f.OptionalString("category", 30);
  ch.body = f.OptionalString("body", kMaxBodyChars, true);
  ch.urgent = f.OptionalBool("urgent");
  f.Done();
  return PostResponse(service_.Edit(req.actor, req.PathParam("id"), ch));
}

Response PostsHandler::Withdraw(Request& req) {
  http::JsonFields f(req.JsonBody());
  std::string reason = f.RequiredString("reason", 500, true);
  f.Done();
  return PostResponse(service_.Withdraw(req.actor, req.PathParam("id"), reason));
}

Response PostsHandler::History(Request& req) {
  Json items = Json::array();
  for (const auto& v : service_.History(req.actor, req.PathParam("id"))) {
    items.push_back({{"version", v.version},
                     {"category", v.category},
                     {"body", v.body},
                     {"urgent", v.urgent},
                     {"withdrawn", v.withdrawn},
                     {"edited_by", v.edited_by},
                     {"edited_by_name", v.edited_by_name},
                     {"edited_at", FormatRfc3339Japan(v.edited_at)}});
  }
  return Response::Ok({{"items", items}, {"next", nullptr}});
}

Response PostsHandler::ListComments(Request& req) {
  auto page = http::ParsePage(req);
  auto comments = service_.ListComments(req.actor, req.PathParam("id"), page.before, page.limit + 1);
  return Response::Ok(http::PageJson(comments, page.limit, CommentToJson, [](const Comment& c) { return c.id; }));
}

Response PostsHandler::AddComment(Request& req) {
  http::JsonFields f(req.JsonBody());
  std::string body = f.RequiredString("body", kMaxBodyChars, true);
  f.Done();
  return Response::Created(CommentToJson(service_.AddComment(req.actor, req.PathParam("id"), body)));
}

Response PostsHandler::MarkRead(Request& req) {
  http::JsonFields f(req.JsonBody());
  f.Done();
  const std::string id = req.PathParam("id");
  const TimestampMs at = service_.MarkRead(req.actor, id);
  return Response::Ok({{"post_id", id}, {"user_id", *req.actor.user_id}, {"read_at", FormatRfc3339Japan(at)}});
}

Response PostsHandler::ListReads(Request& req) {
  Json items = Json::array();
  for (const auto& r : service_.ListReads(req.actor, req.PathParam("id"))) {
    items.push_back({{"user_id", r.user_id},
                     {"name", r.name},
                     {"profession", r.profession},
                     {"read_at", FormatRfc3339Japan(r.read_at)}});
  }
  return Response::Ok({{"items", items}, {"next", nullptr}});
}

}  // namespace tsunagu::posts
