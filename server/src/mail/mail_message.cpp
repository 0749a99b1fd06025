#include "mail/mail_message.h"

namespace tsunagu::mail {

MailText ComposeMail(const OutgoingMail& mail, const std::string& public_url) {
  std::string base = public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  std::string headline;
  std::string link;
  if (mail.kind == "digest") {
    headline = std::to_string(mail.patient_count) + "名の利用者に" + std::to_string(mail.post_count) +
               "件の新しい記録があります";
    link = base + "/";
  } else {
    headline = mail.kind == "urgent"    ? "緊急の記録があります"
               : mail.kind == "mention" ? "あなた宛ての記録があります"
                                        : "新しい記録があります";
    link = base + "/patients/" + mail.patient_id.value_or("");
  }
  MailText t;
  t.subject = "【つなぐ】" + headline;
  t.body = headline +
           "。\r\n"
           "内容は、つなぐにログインしてご確認ください。\r\n"
           "\r\n" +
           link +
           "\r\n"
           "\r\n"
           "※このメールには利用者の個人情報や記録の内容は含まれていません。\r\n"
           "※このメールは送信専用です。通知の設定は、つなぐのプロフィール画面で変更できます。\r\n";
  return t;
}

}  // namespace tsunagu::mail
