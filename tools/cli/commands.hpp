#pragma once
// The dossier tool's subcommands, one add_* each: it declares the subcommand's arguments on the
// app and, once the command line has parsed, sets invocation::run to its work.

#include "text.hpp"
#include "tool.hpp"

namespace dossier_tool {

void add_import(CLI::App& app, invocation& inv);   // cmd_files.cpp
void add_export(CLI::App& app, invocation& inv);
void add_dot(CLI::App& app, invocation& inv);
void add_stats(CLI::App& app, invocation& inv);    // cmd_describe.cpp
void add_schema(CLI::App& app, invocation& inv);
void add_show(CLI::App& app, invocation& inv);     // cmd_show.cpp
void add_list(CLI::App& app, invocation& inv);
void add_resolve(CLI::App& app, invocation& inv);  // cmd_names.cpp
void add_linked(CLI::App& app, invocation& inv);
void add_path(CLI::App& app, invocation& inv);
void add_query(CLI::App& app, invocation& inv);    // cmd_query.cpp
void add_shell(CLI::App& app, invocation& inv);    // cmd_shell.cpp

}  // namespace dossier_tool
