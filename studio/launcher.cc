#include "studio/launcher.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

namespace narrate::studio {
namespace {

// The url may hold only what an address printed by the studio holds; it is
// put in an attribute and a script string, so nothing in it needs escaping.
bool PlainUrl(const std::string& url) {
  for (char c : url) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && std::strchr(":/.?=&_-", c) == nullptr)
      return false;
  }
  return true;
}

std::string LauncherHtml(const std::string& url) {
  return "<!doctype html>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"refresh\" content=\"0;url=" +
         url + "\">\n<title>narrate studio</title>\n<a href=\"" + url +
         "\">Open the narrate studio</a>\n";
}

Status WriteAll(int fd, const std::string& text) {
  for (std::size_t done = 0; done < text.size();) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::Io(std::string("studio launcher page: ") + std::strerror(errno));
    done += static_cast<std::size_t>(n);
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> WriteLauncherPage(const std::string& url) {
  if (!PlainUrl(url)) return Status::InvalidInput("not a studio address: " + url);
  std::error_code ec;
  std::string folder = (std::filesystem::temp_directory_path(ec) / "narrate-studio-XXXXXX").string();
  if (ec || ::mkdtemp(folder.data()) == nullptr)  // mode 0700
    return Status::Io("cannot make a folder for the studio's launcher page");
  const std::string path = folder + "/open-studio.html";
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Io(path + ": " + std::strerror(errno));
  const Status written = WriteAll(fd, LauncherHtml(url));
  ::close(fd);
  if (!written.ok()) return written;
  return "file://" + path;
}

}  // namespace narrate::studio
