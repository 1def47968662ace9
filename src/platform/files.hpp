// Files service: files the owner picks (the browser's file picker) or drops on
// the page, read in slices asynchronously, and a file offered as a download.
// Results are polled (idle / pending / done / failed), nothing blocks a frame.
// Limits: the picker opens only shortly after a click (browsers require a user
// gesture); a download is a whole file in memory, handed over in one piece.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace earshot::platform {

/// A file picked or dropped, waiting to be read. `handle` names it in the calls below.
struct IncomingFile {
    int handle = 0;
    std::string name;
    uint64_t size = 0;
};

/// Opens the file picker for an import (call it from the frame a button was clicked in).
void open_file_picker();
/// The next file picked or dropped (each once), oldest first; nullopt when none waits.
std::optional<IncomingFile> take_incoming_file();

enum class SliceState { Idle, Pending, Done, Failed };
/// Starts reading [offset, offset + length) of the file; one read per handle at a time.
void read_file_slice(int handle, uint64_t offset, size_t length);
/// The state of the handle's read. Done hands the bytes to `out` (replacing
/// its content) and makes the handle Idle again; Failed sets `error`.
SliceState poll_file_slice(int handle, std::string& out, std::string& error);
/// Forgets the file (its reads in flight are dropped).
void close_file(int handle);

/// Offers `content` as a file named `name` (the browser's download; natively a
/// file in the working folder). The reason when it could not, "" otherwise.
std::string offer_download(const std::string& name, const std::string& mime_type, std::string_view content);

} // namespace earshot::platform
