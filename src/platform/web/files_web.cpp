// Files in the browser: a hidden <input type=file>, drag-and-drop on the page,
// File.slice().arrayBuffer() reads and Blob downloads (shell/earshot_library.js).
#include "platform/files.hpp"

#include <cstdlib>

extern "C" {
void earshot_js_pick_file();
int earshot_js_next_incoming_file();
char* earshot_js_file_name(int handle);
double earshot_js_file_size(int handle);
void earshot_js_file_read(int handle, double offset, double length);
int earshot_js_file_read_state(int handle);
int earshot_js_file_read_size(int handle);
void* earshot_js_file_read_take(int handle);
char* earshot_js_file_read_error(int handle);
void earshot_js_file_close(int handle);
char* earshot_js_download(const char* name, const char* mime, const char* data, double length);
}

namespace earshot::platform {

namespace {
/// A string the JS side malloc'd (or null), freed here.
std::string take_js_string(char* p) {
    if (!p) return {};
    std::string s(p);
    std::free(p);
    return s;
}
} // namespace

void open_file_picker() { earshot_js_pick_file(); }

std::optional<IncomingFile> take_incoming_file() {
    const int handle = earshot_js_next_incoming_file();
    if (handle <= 0) return std::nullopt;
    IncomingFile f;
    f.handle = handle;
    f.name = take_js_string(earshot_js_file_name(handle));
    f.size = static_cast<uint64_t>(earshot_js_file_size(handle));
    return f;
}

void read_file_slice(int handle, uint64_t offset, size_t length) {
    earshot_js_file_read(handle, static_cast<double>(offset), static_cast<double>(length));
}

SliceState poll_file_slice(int handle, std::string& out, std::string& error) {
    switch (earshot_js_file_read_state(handle)) {
    case 1: return SliceState::Pending;
    case 2: {
        const int size = earshot_js_file_read_size(handle);
        char* bytes = static_cast<char*>(earshot_js_file_read_take(handle));
        out.assign(bytes ? bytes : "", bytes ? static_cast<size_t>(size) : 0);
        std::free(bytes);
        return SliceState::Done;
    }
    case 3: error = take_js_string(earshot_js_file_read_error(handle)); return SliceState::Failed;
    default: return SliceState::Idle;
    }
}

void close_file(int handle) { earshot_js_file_close(handle); }

std::string offer_download(const std::string& name, const std::string& mime_type, std::string_view content) {
    return take_js_string(
        earshot_js_download(name.c_str(), mime_type.c_str(), content.data(), static_cast<double>(content.size())));
}

} // namespace earshot::platform
