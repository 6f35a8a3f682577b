// What every subcommand shares (tool.hpp).
#include "tool.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iostream>

namespace dossier_tool {

using namespace dossier;

void add_global_options(CLI::App& cmd, global_options& o, const std::string& format_help, bool written) {
  cmd.add_flag("-q,--quiet", o.quiet, "no progress or notes on standard error")->group("Global options");
  cmd.add_option("--format", o.format, format_help)->check(format_choice(written))->type_name("F")->group("Global options");
  cmd.add_option("--schema", o.schema, "read with this schema: builtin, ftm, or a FollowTheMoney model file")
      ->type_name("S")
      ->group("Global options");
  cmd.add_option("--ftm-model", o.ftm_model, "the FollowTheMoney model (defaultModel.json) for --schema ftm; default $DOSSIER_FTM_MODEL")
      ->type_name("M")
      ->group("Global options");
}

CLI::App* add_command(CLI::App& app, invocation& inv, const std::string& name, const std::string& description,
                      const std::string& format_help, bool written) {
  auto* cmd = app.add_subcommand(name, description);
  cmd->set_help_flag("-h,--help", "show this help");
  add_global_options(*cmd, inv.global, format_help, written);
  cmd->footer("Exit status: 0 success, 1 bad input or no answer, 2 wrong usage.");
  return cmd;
}

namespace {

// The whole text, or nothing: "3x" and "0.5abc" are refused, not read as 3 and 0.5.
template <class T>
bool parse_whole(const std::string& text, T& out) {
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end && !text.empty();
}

}  // namespace

CLI::Validator positive_integer() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        std::size_t n = 0;
        if (text.starts_with('+') || !parse_whole(text, n) || n == 0) return "'" + text + "' is not a positive integer";
        return {};
      },
      "");
}

CLI::Validator probability() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        double d = 0;
        if (!parse_whole(text, d) || !std::isfinite(d) || d < 0 || d > 1) return "'" + text + "' is not a number from 0 to 1";
        return {};
      },
      "");
}

CLI::Validator date_text() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (!try_parse_date(text)) return "'" + text + "' is not a date (2019, 2019-06 or 2019-06-30)";
        return {};
      },
      "");
}

CLI::Validator format_choice(bool for_output) {
  return CLI::Validator(
      [for_output](std::string& text) -> std::string {
        try {
          const auto f = parse_format(text);
          if (!for_output && f == file_format::dot) return "DOT is written, not read: choose another format";
        } catch (const usage_error& e) {
          return e.what();
        }
        return {};
      },
      "");
}

read_settings settings_of(const global_options& o) {
  read_settings s{.format = std::nullopt, .schema = o.schema, .ftm_model = o.ftm_model, .quiet = o.quiet};
  if (!o.format.empty()) s.format = parse_format(o.format);
  return s;
}

graph open_graph(const std::string& path, const global_options& o) { return read_graph(path, settings_of(o)); }

std::optional<date> optional_date(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return parse_date(text);
}

namespace {

// Levenshtein distance: typos are one or two edits away from what was meant.
std::size_t distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const auto up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string nearest_name(std::string_view given, const std::vector<std::string>& names) {
  std::string best;
  std::size_t best_distance = 3;
  for (const auto& name : names)
    if (const auto d = distance(given, name); d < best_distance) best_distance = d, best = name;
  return best;
}

entity_id named_entity(const graph& g, const std::string& name, const std::string& what) {
  if (const auto by_id = g.find_external(name)) return *by_id;
  const auto m = g.try_resolve(name);
  if (!m) throw not_found("names.no_match", what + ": no entity is named " + quote(name) + " or close to it");
  if (m->kind != match_kind::exact || m->ambiguous) {
    const auto picked = g.get(m->entity);
    char score[16];
    std::snprintf(score, sizeof score, "%.2f", m->score);
    std::cerr << "dossier: " << what << " " << quote(name) << " taken as " << picked.name() << " [" << picked.type_name() << "] (score "
              << score << ")";
    if (m->runner_up) std::cerr << "; next closest: " << g.get(m->runner_up->entity).name();
    std::cerr << "\n";
  }
  return m->entity;
}

}  // namespace dossier_tool
