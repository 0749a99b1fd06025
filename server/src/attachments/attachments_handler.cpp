#include "attachments/attachments_handler.h"

#include "common/error.h"
#include "common/time_format.h"

namespace tsunagu::attachments {

using http::Json;
using http::Request;
using http::Response;

namespace {

Json AttachmentToJson(const Attachment& a) {
  return {{"id", a.id},
          {"content_type", a.content_type},
          {"byte_size", a.byte_size},
          {"file_name", a.file_name},
          {"created_at", FormatRfc3339Japan(a.created_at)},
          {"thumbnail", a.has_thumbnail}};
}

}  // namespace

std::string InlineDisposition(const std::string& name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string fallback;
  std::string encoded;
  for (unsigned char ch : name) {
    const bool attr_char =
        std::isalnum(ch) || std::string_view("!#$&+-.^_`|~").find(static_cast<char>(ch)) != std::string_view::npos;
    if (attr_char) {
      encoded += static_cast<char>(ch);
    } else {
      encoded += '%';
      encoded += kHex[ch >> 4];
      encoded += kHex[ch & 15];
    }
    // Multi-byte characters collapse to one "_" each in the ASCII fallback.
    if (ch >= 0x20 && ch < 0x7F && ch != '"' && ch != '\\' && ch != '%') {
      fallback += static_cast<char>(ch);
    } else if (ch < 0x80 || (ch & 0xC0) == 0xC0) {
      fallback += '_';
    }
  }
  return "inline; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
}

void AttachmentsHandler::Register(http::Router& router) {
  using http::RouteAccess;
  router.Add(
      "POST", "/api/v1/attachments", RouteAccess::kSignedIn, [this](Request& r) { return Upload(r); },
      http::RouteBody::Upload(kMaxFileBytes));
  router.Add("GET", "/api/v1/attachments/{id}", RouteAccess::kSignedIn,
             [this](Request& r) { return Download(r, false); });
  router.Add("GET", "/api/v1/attachments/{id}/thumbnail", RouteAccess::kSignedIn,
             [this](Request& r) { return Download(r, true); });
}

Response AttachmentsHandler::Upload(Request& req) {
  const http::UploadedFile* file = nullptr;
  for (const auto& f : req.files) {
    if (f.field == "file") file = &f;
  }
  if (!file) throw AppError::InvalidField("file", "ファイルを選んでください（項目名 file）");
  return Response::Created(AttachmentToJson(service_.Upload(req.actor, file->file_name, file->data)));
}

Response AttachmentsHandler::Download(Request& req, bool thumbnail) {
  AttachmentContent content = service_.Read(req.actor, req.PathParam("id"), thumbnail);
  Response r;
  r.content_type = content.content_type;
  r.raw_body = std::move(content.bytes);
  std::string name = content.attachment.file_name;
  if (thumbnail) name = "thumbnail-" + name + ".jpg";
  r.headers.emplace_back("Content-Disposition", InlineDisposition(name));
  // Attachments never change; private: not for shared caches. Short-lived, so
  // that a removed team member's browser does not keep serving them for long.
  r.headers.emplace_back("Cache-Control", "private, max-age=3600");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return r;
}

}  // namespace tsunagu::attachments
