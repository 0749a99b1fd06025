// HTTP endpoints for the notebook: timeline, posts, history, comments, receipts.
#pragma once

#include "http/request.h"
#include "http/router.h"
#include "posts/posts_service.h"

namespace tsunagu::posts {

class PostsHandler {
 public:
  explicit PostsHandler(PostsService& service) : service_(service) {}
  void Register(http::Router& router);

 private:
  http::Response ListTimeline(http::Request& req);
  http::Response Search(http::Request& req);
  http::Response Create(http::Request& req);
  http::Response Get(http::Request& req);
  http::Response Edit(http::Request& req);
  http::Response Withdraw(http::Request& req);
  http::Response History(http::Request& req);
  http::Response ListComments(http::Request& req);
  http::Response AddComment(http::Request& req);
  http::Response MarkRead(http::Request& req);
  http::Response ListReads(http::Request& req);

  PostsService& service_;
};

}  // namespace tsunagu::posts
