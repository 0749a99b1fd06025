// HTTP endpoints for attachments: upload (multipart/form-data), the file, its thumbnail.
#pragma once

#include "attachments/attachments_service.h"
#include "http/request.h"
#include "http/router.h"

namespace tsunagu::attachments {

class AttachmentsHandler {
 public:
  explicit AttachmentsHandler(AttachmentsService& service) : service_(service) {}
  void Register(http::Router& router);

 private:
  http::Response Upload(http::Request& req);
  http::Response Download(http::Request& req, bool thumbnail);

  AttachmentsService& service_;
};

// Content-Disposition for serving `name` inline: an ASCII fallback in
// filename= and the UTF-8 name in filename*= (RFC 6266, RFC 5987).
std::string InlineDisposition(const std::string& name);

}  // namespace tsunagu::attachments
