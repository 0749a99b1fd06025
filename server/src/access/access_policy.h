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
// Throws kPermissionDenied unless a system administrator.
void RequireSystemAdmin(const Actor& actor);

}  // namespace tsunagu::access
