#include "cli/check_acx.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "output/master/master.h"

namespace narrate::cli {
namespace {

namespace fs = std::filesystem;

bool IsMp3(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".mp3";
}

// PATH itself if it is a file, else the .mp3 files directly in it, sorted.
Result<std::vector<std::string>> Mp3sIn(const std::string& path) {
  std::error_code error;
  if (fs::is_regular_file(path, error)) return std::vector<std::string>{path};
  if (!fs::is_directory(path, error)) return Status::Error(path + ": no such file or folder");
  std::vector<std::string> files;
  for (const fs::directory_entry& e : fs::directory_iterator(path, error)) {
    if (e.is_regular_file() && IsMp3(e.path())) files.push_back(e.path().string());
  }
  if (error) return Status::Error(path + ": " + error.message());
  if (files.empty()) return Status::Error(path + ": no MP3 files to check");
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

void AddCheckAcx(CLI::App& app, Options& o) {
  app.add_option("PATH", o.book, "Folder of MP3s (or one MP3 file)")->required();
}

ExitCode RunCheckAcx(const Options& o) {
  auto files = Mp3sIn(o.book);
  if (!files.ok()) {
    std::cerr << "narrate: " << files.status().message() << "\n";
    return ExitCode::kFailure;
  }
  std::vector<master::AcxReport> reports;
  bool all_passed = true;
  for (const std::string& file : *files) {
    auto report = master::CheckAcx(file);
    if (!report.ok()) std::cerr << "narrate: " << report.status().message() << "\n";
    all_passed = all_passed && report.ok() && report->passed();
    if (report.ok()) reports.push_back(std::move(*report));
  }
  std::cout << master::FormatAcxTable(reports);
  return all_passed ? ExitCode::kOk : ExitCode::kFailure;
}

}  // namespace narrate::cli
