// Files natively: no picker and nothing dropped (a native program is handed
// paths); a download is written into the working folder.
#include "platform/files.hpp"

#include <fstream>

namespace earshot::platform {

void open_file_picker() {}
std::optional<IncomingFile> take_incoming_file() { return std::nullopt; }
void read_file_slice(int, uint64_t, size_t) {}
SliceState poll_file_slice(int, std::string&, std::string&) { return SliceState::Idle; }
void close_file(int) {}

std::string offer_download(const std::string& name, const std::string&, std::string_view content) {
    std::ofstream out(name, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    return out ? std::string() : "Could not write " + name + " in the working folder.";
}

} // namespace earshot::platform
