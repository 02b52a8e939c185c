#include "output_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <sys/stat.h>
#include <unistd.h>

namespace iucc {

bool write_file_atomically(const std::vector<uint8_t> &bytes, const std::string &path,
                           mode_t mode, std::string *error) {
  std::string dir = path.find('/') == std::string::npos ? "." : path.substr(0, path.rfind('/'));
  std::string tmpl = dir + "/.iu-cc.tmp.XXXXXX";
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back(0);
  int fd = mkstemp(name.data());
  if (fd < 0) {
    *error = path + ": cannot create a file in " + dir + ": " + strerror(errno);
    return false;
  }
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      *error = path + ": write failed: " + strerror(errno);
      close(fd);
      unlink(name.data());
      return false;
    }
    done += static_cast<size_t>(n);
  }
  if (fchmod(fd, mode) != 0 || fsync(fd) != 0 || close(fd) != 0) {
    *error = path + ": " + strerror(errno);
    unlink(name.data());
    return false;
  }
  if (rename(name.data(), path.c_str()) != 0) {
    *error = path + ": " + strerror(errno);
    unlink(name.data());
    return false;
  }
  return true;
}

bool install_file(const std::string &from, const std::string &path, std::string *error) {
  std::ifstream in(from, std::ios::binary);
  if (!in) {
    *error = from + ": cannot read";
    return false;
  }
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return write_file_atomically(bytes, path, 0644, error);
}

bool write_image(const std::vector<uint8_t> &image, const std::string &path, const Options &o,
                 const std::string &, std::string *error) {
  (void)o;
  return write_file_atomically(image, path, 0644, error);
}

} // namespace iucc
