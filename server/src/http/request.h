// The HTTP request and response as our handlers see them: no POCO types.
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "access/actor.h"

namespace tsunagu::http {

using Json = nlohmann::json;

// A file part of a multipart/form-data body (routes with RouteBody::multipart).
struct UploadedFile {
  std::string field;         // the form field's name
  std::string file_name;     // as the client sent it (untrusted: may hold a path)
  std::string content_type;  // as the client declared it (untrusted)
  std::string data;
};

struct Request {
  std::string method;
  std::string path;
  std::map<std::string, std::string> path_params;
  std::multimap<std::string, std::string> query;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::vector<UploadedFile> files;               // multipart routes only
  std::multimap<std::string, std::string> form;  // multipart routes: the non-file fields
  std::string client_ip;
  bool secure = false;  // served over TLS (directly or by the reverse proxy)
  access::Actor actor;

  const std::string& PathParam(const std::string& name) const { return path_params.at(name); }
  // The single value of a query parameter; kInvalidArgument when repeated.
  std::optional<std::string> QueryParam(const std::string& name) const;
  // A query parameter that is "true" or "false"; absent is nullopt; anything
  // else is kInvalidArgument naming the parameter.
  std::optional<bool> BoolQueryParam(const std::string& name) const;
  std::optional<std::string> Header(const std::string& lower_name) const;
  // The parsed JSON object body; kInvalidArgument / kUnsupportedType otherwise.
  Json JsonBody() const;
};

struct Response {
  int status = 200;
  std::optional<Json> body;
  std::string raw_body;  // used when body is empty (files)
  // A body too large to hold in memory: when set (and body is empty), it is
  // produced after the headers were sent, with chunked transfer encoding, by
  // calling this with a `write` function for each piece. The status can no
  // longer change then: when it throws, the error is logged and the
  // connection cut, so the client sees an incomplete answer, never a short one.
  std::function<void(const std::function<void(std::string_view)>& write)> stream;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;

  static Response WithStatus(int status, std::optional<Json> body) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    return r;
  }
  static Response Ok(Json body) { return WithStatus(200, std::move(body)); }
  static Response Created(Json body) { return WithStatus(201, std::move(body)); }
  static Response Accepted(Json body) { return WithStatus(202, std::move(body)); }
  static Response NoContent() { return WithStatus(204, std::nullopt); }
  // A JSON body already written as text (http::JsonWriter).
  static Response OkText(std::string json, int status = 200) {
    Response r;
    r.status = status;
    r.raw_body = std::move(json);
    return r;
  }
};

}  // namespace tsunagu::http
