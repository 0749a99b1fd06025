// Wiring only: everything happens in app/.
#include "app/commands.h"

int main(int argc, char** argv) { return tsunagu::app::RunCommandLine(argc, argv); }
