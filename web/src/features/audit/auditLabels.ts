// Japanese names of the audit trail's actions. Names not listed here (new
// ones) are shown as they are, so the viewer never hides a record.

export const auditActionLabels: Record<string, string> = {
  'admin.create': 'システム管理者の作成',
  'attachment.read': '添付ファイルの閲覧',
  'attachment.thumbnail': '添付ファイルの縮小画像の閲覧',
  'attachment.upload': '添付ファイルのアップロード',
  'audit.export': '監査ログのCSV出力',
  'audit.read': '監査ログの閲覧',
  'comment.create': 'コメントの投稿',
  'comment.list': 'コメントの閲覧',
  'consent.withdraw': '同意の撤回',
  'demo.load': 'デモデータの読み込み',
  'mail.digest': 'まとめメールの送信',
  'notifications.update': 'お知らせ設定の変更',
  'organization.create': '事業所の追加',
  'password.changed': 'パスワードの変更',
  'password.reset': 'パスワードの再設定',
  'patient.create': '利用者の登録',
  'patient.denied': '利用者情報へのアクセス拒否',
  'patient.list': '利用者一覧の閲覧',
  'patient.read': '利用者情報の閲覧',
  'patient.update': '利用者情報の変更',
  'patient.withdrawn': '同意撤回済み利用者の閲覧',
  'post.create': '連絡帳への投稿',
  'post.edit': '投稿の編集',
  'post.history': '投稿の編集履歴の閲覧',
  'post.list': '連絡帳の閲覧',
  'post.mark_read': '既読にする',
  'post.read': '投稿の閲覧',
  'post.reads': '既読者の閲覧',
  'post.search': '連絡帳の検索',
  'post.withdraw': '投稿の取り下げ',
  'region.totp_optional': '二段階認証を任意に変更',
  'region.totp_required': '二段階認証を必須に変更',
  'registration.apply': '利用申請',
  'registration.approve': '利用申請の承認',
  'registration.reject': '利用申請の却下',
  'registrations.list': '利用申請の一覧の閲覧',
  'session.locked': 'サインインのロック',
  'session.sign_in': 'サインイン',
  'session.sign_in_failed': 'サインインの失敗',
  'session.sign_out': 'サインアウト',
  'team.add': 'ケアチームへの追加',
  'team.hand_over_lead': '主担当の交代',
  'team.leave': 'ケアチームから抜ける',
  'team.list': 'ケアチームの閲覧',
  'team.remove': 'ケアチームから外す',
  'totp.enrolled': '二段階認証の設定完了',
  'totp.enrolment_started': '二段階認証の設定開始',
  'user.deactivate': '利用停止',
  'user.reactivate': '利用再開',
  'users.list': '職員一覧の閲覧',
}

/** The Japanese name of an action, or the action itself when it has none. */
export function auditActionLabel(action: string): string {
  const name = auditActionLabels[action]
  return name ? name : action
}

/** Why the chain check found a record broken. */
export const verificationReasonLabels: Record<string, string> = {
  missing: 'この番号の記録が削除されています',
  out_of_chain: '直前の記録とのつながりが切れています（前の記録が削除または差し替えられています）',
  altered: 'この記録の内容が書き換えられています',
}
