// The checks that decide who may do what. Every service asks here; nothing
// else decides access.
#pragma once

#include <optional>
#include <string>

#include "access/actor.h"

namespace tsunagu::access {

// Throws kUnauthenticated when signed out.
void RequireSignedIn(const Actor& actor);
// Throws kPermissionDenied unless the actor administers some region (or all).
void RequireAnyAdmin(const Actor& actor);
// Throws kPermissionDenied unless the actor administers `region_id`.
void RequireRegionAdmin(const Actor& actor, const std::optional<std::string>& region_id);
// For admin lists that a region admin sees for their own region only:
// RequireAnyAdmin, then a region admin's `region_id` becomes their own region
// (kPermissionDenied with `message` when it names another one); a system
// admin's is left as asked (nullopt: every region).
void ScopeToAdministeredRegion(const Actor& actor, std::optional<std::string>& region_id,
                               const char* message = "この地域の管理者のみが利用できます");
// Throws kPermissionDenied unless a system administrator.
void RequireSystemAdmin(const Actor& actor);

}  // namespace tsunagu::access
