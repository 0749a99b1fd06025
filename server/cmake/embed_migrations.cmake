# Writes OUT: a C++ source with every migrations/*.sql file as a string literal,
# sorted by name. Run by CMake at build time (see server/CMakeLists.txt).
file(GLOB files ${DIR}/*.sql)
list(SORT files)
set(body "// Generated from server/migrations by embed_migrations.cmake. Do not edit.\n#include \"storage/migrations_data.h\"\nnamespace tsunagu::storage {\nconst std::vector<EmbeddedMigration>& EmbeddedMigrations() {\n  static const std::vector<EmbeddedMigration> kAll = {\n")
foreach(f ${files})
  get_filename_component(name ${f} NAME)
  file(READ ${f} sql)
  string(APPEND body "    {\"${name}\", R\"TSUNAGU_SQL(${sql})TSUNAGU_SQL\"},\n")
endforeach()
string(APPEND body "  };\n  return kAll;\n}\n}  // namespace tsunagu::storage\n")
file(WRITE ${OUT}.tmp "${body}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
