// The `tsunagu` command line (API.md): serve, migrate, admin create, demo,
// backup, restore, audit verify. Options come from flags or TSUNAGU_* variables.
#pragma once

namespace tsunagu::app {

// Parses argv and runs the subcommand; returns the process exit code.
// A wrong option or URL prints one line to stderr and returns non-zero.
int RunCommandLine(int argc, char** argv);

}  // namespace tsunagu::app
