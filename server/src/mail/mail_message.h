// The words of a notification mail. By rule a mail carries no patient name and
// no clinical text (body, category): only that there is something, how many,
// and a link that needs signing in.
#pragma once

#include <string>

#include "mail/mail_store.h"

namespace tsunagu::mail {

struct MailText {
  std::string subject;  // UTF-8; encoded as an RFC 2047 word when sent
  std::string body;     // UTF-8 plain text
};

MailText ComposeMail(const OutgoingMail& mail, const std::string& public_url);

}  // namespace tsunagu::mail
