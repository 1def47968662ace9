// Fuzz target: a status's HTML to text, the one function that meets raw markup from
// any server: total (any bytes in), valid UTF-8 out, links and hashtags well formed.
#include "fuzz.hpp"
#include "utf8_check.hpp"

#include "core/ingest/mastodon.hpp"

using namespace earshot;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view html = fuzz::as_text(data, size);
    const core::MastodonHtml out = core::read_mastodon_html(html);
    FUZZ_CHECK(test::is_valid_utf8(out.text), "HTML text that is not UTF-8");
    FUZZ_CHECK(out.text.empty() || (out.text.front() != ' ' && out.text.front() != '\n'), "text starts with white space");
    FUZZ_CHECK(out.text.empty() || (out.text.back() != ' ' && out.text.back() != '\n'), "text ends with white space");
    FUZZ_CHECK(out.text.find("\n\n\n") == std::string::npos, "more than one blank line in a row");
    // Tags and entities only ever shrink: a text longer than 3x its source (a byte
    // becoming U+FFFD) would mean something was made up.
    FUZZ_CHECK(out.text.size() <= 3 * html.size(), "the text grew beyond its source");
    for (const std::string& link : out.links) {
        FUZZ_CHECK(link.rfind("http://", 0) == 0 || link.rfind("https://", 0) == 0, "a link that is not a web address");
        FUZZ_CHECK(test::is_valid_utf8(link), "a link that is not UTF-8");
    }
    for (const std::string& tag : out.hashtags) FUZZ_CHECK(!tag.empty() && test::is_valid_utf8(tag), "a broken hashtag");
    FUZZ_CHECK(core::mastodon_html_to_text(html) == out.text, "the two entry points disagree");
    return 0;
}
