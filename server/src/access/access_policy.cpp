#include "access/access_policy.h"

#include "common/error.h"

namespace tsunagu::access {

void RequireSignedIn(const Actor& actor) {
  if (!actor.signed_in()) throw AppError(ErrorCode::kUnauthenticated, "ログインしてください");
}

void RequireAnyAdmin(const Actor& actor) {
  RequireSignedIn(actor);
  if (!actor.system_admin && !actor.region_admin)
    throw AppError(ErrorCode::kPermissionDenied, "管理者のみが利用できます");
}

void ScopeToAdministeredRegion(const Actor& actor, std::optional<std::string>& region_id, const char* message) {
  RequireAnyAdmin(actor);
  if (actor.system_admin) return;
  if (region_id && region_id != actor.region_id) throw AppError(ErrorCode::kPermissionDenied, message);
  region_id = actor.region_id;
}

void RequireRegionAdmin(const Actor& actor, const std::optional<std::string>& region_id) {
  RequireSignedIn(actor);
  if (!actor.AdministersRegion(region_id))
    throw AppError(ErrorCode::kPermissionDenied, "この地域の管理者のみが利用できます");
}

void RequireSystemAdmin(const Actor& actor) {
  RequireSignedIn(actor);
  if (!actor.system_admin) throw AppError(ErrorCode::kPermissionDenied, "システム管理者のみが利用できます");
}

}  // namespace tsunagu::access
