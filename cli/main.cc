// narrate's command line: one table of subcommands, each with one-line help.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "cli/errors.h"
#include "cli/exit_codes.h"
#include "common/suggest.h"

namespace narrate::cli {
namespace {

// Long option names a subcommand accepts, for "did you mean".
std::vector<std::string> LongNames(const CLI::App& app) {
  std::vector<std::string> names{"--help"};
  for (const CLI::Option* opt : app.get_options()) {
    for (const std::string& n : opt->get_lnames()) names.push_back("--" + n);
  }
  return names;
}

// "--rat=5" among {"--rate", ...}: a usage error offering the nearest name,
// for the command named (or narrate itself when ""); nothing for a known
// option or a word that is no long option.
std::optional<ExitCode> CheckOption(const std::string& arg, const std::vector<std::string>& known,
                                    const std::string& command) {
  std::string word = arg.substr(0, arg.find('='));
  if (!word.starts_with("--") || std::find(known.begin(), known.end(), word) != known.end())
    return {};
  std::string near = ClosestMatch(word, known);
  return Usage("unknown option '" + word + "'" + (command.empty() ? "" : " for '" + command + "'") +
               (near.empty() ? "" : "; did you mean '" + near + "'?"));
}

// Catches typos before CLI11 does, so the message can offer the right spelling.
std::optional<ExitCode> CheckSpelling(CLI::App& app, const std::vector<std::string>& args) {
  if (args.empty()) return {};
  if (args[0].starts_with("--")) return CheckOption(args[0], LongNames(app), "");
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
  CLI::App* sub = nullptr;
  for (CLI::App* s : app.get_subcommands({}))
    if (s->get_name() == args[0]) sub = s;
  if (sub != nullptr) SetCommandName(sub->get_name());
  if (sub == nullptr) {
    std::string near = ClosestMatch(args[0], names);
    return Usage("unknown command '" + args[0] + "'" +
                 (near.empty() ? "" : "; did you mean '" + near + "'?"));
  }
  std::vector<std::string> known = LongNames(*sub);
  for (std::size_t i = 1; i < args.size() && args[i] != "--"; ++i) {
    if (auto code = CheckOption(args[i], known, args[0])) return code;
  }
  return {};
}

// A listing that could not be written (a full disk, a closed pipe) is a failure.
int Finished(ExitCode code) {
  std::cout.flush();
  bool lost = std::fflush(stdout) != 0 || std::ferror(stdout) || !std::cout.good();
  if (code != ExitCode::kOk || !lost) return static_cast<int>(code);
  std::fprintf(stderr, "narrate: cannot write to standard output\n");
  return static_cast<int>(ExitCode::kFailure);
}

int Run(int argc, char** argv) {
  CLI::App app{"narrate: turn a book into a chaptered, tagged audiobook spoken by eSpeak NG.",
               "narrate"};
  app.set_version_flag("--version", VersionText());
  app.option_defaults()->always_capture_default();
  app.require_subcommand(0, 1);
  // Each subcommand binds its own option values, so defaults may differ.
  std::vector<CommandRun> runs;
  std::vector<CLI::App*> subs;
  for (const Command& command : Commands()) {
    CLI::App* sub = app.add_subcommand(command.name, command.help);
    sub->set_version_flag("--version", VersionText());
    runs.push_back(command.setup(*sub));
    subs.push_back(sub);
  }
  std::vector<std::string> args(argv + 1, argv + argc);
  if (auto code = CheckSpelling(app, args)) return static_cast<int>(*code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    return static_cast<int>(Usage(e.what()));        // CLI11's own message, narrate's style
  }
  for (std::size_t i = 0; i < subs.size(); ++i) {
    if (subs[i]->parsed()) return Finished(runs[i]());
  }
  std::cout << app.help();
  return static_cast<int>(ExitCode::kUsage);
}

}  // namespace
}  // namespace narrate::cli

int main(int argc, char** argv) {
  try {
    return narrate::cli::Run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "narrate: internal error: %s\n", e.what());
    return static_cast<int>(narrate::cli::ExitCode::kFailure);
  }
}
