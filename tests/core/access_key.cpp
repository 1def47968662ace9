// Access key tests: the proxy's refusal told from X's own 401, typed keys
// cleaned or refused, the gate's states (asked once, a wrong key says so, a
// key given mid-flight resends), and the remembered key's file.
#include "core/listen/access_key.hpp"

#include "flaky_fs.hpp"

#include <catch2/catch.hpp>

using namespace earshot::core;
using earshot::test::FlakyFileSystem;

namespace {

HttpResponse refusal(const char* title = "Access key needed") {
    HttpResponse r;
    r.status = 401;
    r.headers["www-authenticate"] = "X-Earshot-Key";
    r.body = std::string(R"({"type":"https://earshot.local/problems/access-key","title":")") + title +
             R"(","status":401,"detail":"Send the key in X-Earshot-Key."})";
    return r;
}

HttpResponse ok_answer() {
    HttpResponse r;
    r.status = 200;
    r.body = R"({"sources":[{"mode":"demo"}]})";
    return r;
}

} // namespace

TEST_CASE("only the proxy's own 401 problem is an access-key refusal") {
    CHECK(is_access_key_refusal(refusal()));
    CHECK(is_access_key_refusal(refusal("Wrong access key")));
    HttpResponse x_401; // X's answer to a bad bearer token, passed through
    x_401.status = 401;
    x_401.body = R"({"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"})";
    CHECK_FALSE(is_access_key_refusal(x_401));
    HttpResponse wrong_status = refusal();
    wrong_status.status = 403;
    CHECK_FALSE(is_access_key_refusal(wrong_status));
    HttpResponse not_json = refusal();
    not_json.body = "<html>401</html>";
    CHECK_FALSE(is_access_key_refusal(not_json));
    HttpResponse type_not_string = refusal();
    type_not_string.body = R"({"type":42})";
    CHECK_FALSE(is_access_key_refusal(type_not_string));
    HttpResponse array_body = refusal();
    array_body.body = "[1,2]";
    CHECK_FALSE(is_access_key_refusal(array_body));
}

TEST_CASE("a typed key loses surrounding blanks; what a header cannot carry is refused with a reason") {
    Result<std::string> pasted = clean_access_key("  s3cret-Key_42\r\n");
    REQUIRE(pasted);
    CHECK(pasted.value() == "s3cret-Key_42");
    Result<std::string> empty = clean_access_key(" \n ");
    REQUIRE_FALSE(empty);
    CHECK(empty.error().find("Type the access key") != std::string::npos);
    Result<std::string> accented = clean_access_key("café");
    REQUIRE_FALSE(accented);
    CHECK(accented.error().find("no accents") != std::string::npos);
    CHECK_FALSE(clean_access_key("two\nlines"));
    CHECK_FALSE(clean_access_key(std::string(513, 'k')));
    CHECK(clean_access_key(std::string(512, 'k')));
}

TEST_CASE("without a remembered key the placeholder goes out, and a refusal asks the owner once") {
    AccessGate gate;
    gate.remember("");
    CHECK(gate.header_value() == kNoAccessKey);
    CHECK_FALSE(gate.asking());
    // Two requests were on their way: both are held, the owner is asked (one state, not two prompts).
    CHECK(gate.on_answer(refusal(), kNoAccessKey) == AccessGate::Verdict::Hold);
    CHECK(gate.on_answer(refusal(), kNoAccessKey) == AccessGate::Verdict::Hold);
    CHECK(gate.state() == AccessGate::State::Needed);
    CHECK(gate.asking());
    CHECK(gate.message().find("EARSHOT_ACCESS_KEY") != std::string::npos);

    REQUIRE(gate.try_key(" right-key \n"));
    CHECK(gate.header_value() == "right-key");
    CHECK(gate.state() == AccessGate::State::Trying);
    CHECK_FALSE(gate.asking());
    CHECK_FALSE(gate.take_key_to_keep()); // not proven yet: a wrong key is never remembered
    CHECK(gate.on_answer(ok_answer(), "right-key") == AccessGate::Verdict::Deliver);
    CHECK(gate.state() == AccessGate::State::Accepted);
    REQUIRE(gate.take_key_to_keep());
    CHECK_FALSE(gate.take_key_to_keep()); // kept once
}

TEST_CASE("a wrong key says so, keeps asking, and is never kept") {
    AccessGate gate;
    gate.remember("");
    gate.on_answer(refusal(), kNoAccessKey);
    REQUIRE(gate.try_key("wrong"));
    const uint64_t before = gate.revision();
    CHECK(gate.on_answer(refusal("Wrong access key"), "wrong") == AccessGate::Verdict::Hold);
    CHECK(gate.state() == AccessGate::State::Refused);
    CHECK(gate.revision() != before);
    CHECK(gate.message() == "The proxy refused this key — check EARSHOT_ACCESS_KEY on the server.");
    CHECK_FALSE(gate.take_key_to_keep());
    // The same wrong key again is a new try: the prompt shows "checking", then the refusal again.
    REQUIRE(gate.try_key("wrong"));
    CHECK(gate.state() == AccessGate::State::Trying);
    gate.on_answer(refusal("Wrong access key"), "wrong");
    CHECK(gate.state() == AccessGate::State::Refused);
    // A typed key that cannot be sent changes nothing.
    CHECK_FALSE(gate.try_key("   "));
    CHECK(gate.state() == AccessGate::State::Refused);
    CHECK(gate.header_value() == "wrong");
}

TEST_CASE("a refusal of a key that has since been replaced is sent again, not shown") {
    AccessGate gate;
    gate.remember("");
    gate.on_answer(refusal(), kNoAccessKey);
    REQUIRE(gate.try_key("new-key"));
    // The placeholder's refusal arrives late: the request goes out again with the new key.
    CHECK(gate.on_answer(refusal(), kNoAccessKey) == AccessGate::Verdict::SendAgain);
    CHECK(gate.state() == AccessGate::State::Trying);
    // A late success of the old value proves nothing about the new key.
    CHECK(gate.on_answer(ok_answer(), kNoAccessKey) == AccessGate::Verdict::Deliver);
    CHECK(gate.state() == AccessGate::State::Trying);
    CHECK_FALSE(gate.take_key_to_keep());
}

TEST_CASE("a remembered key is sent at once; when the server's key changes the owner is asked again") {
    AccessGate gate;
    gate.remember("kept");
    CHECK(gate.header_value() == "kept");
    CHECK(gate.on_answer(ok_answer(), "kept") == AccessGate::Verdict::Deliver);
    CHECK(gate.state() == AccessGate::State::Accepted);
    CHECK_FALSE(gate.take_key_to_keep()); // already kept
    CHECK(gate.on_answer(refusal("Wrong access key"), "kept") == AccessGate::Verdict::Hold);
    CHECK(gate.state() == AccessGate::State::Refused);
}

TEST_CASE("X's 401 and transport failures go to the engine and say nothing about the key") {
    AccessGate gate;
    gate.remember("");
    REQUIRE(gate.try_key("k"));
    HttpResponse offline; // status 0
    offline.transport_error = "no answer";
    CHECK(gate.on_answer(offline, "k") == AccessGate::Verdict::Deliver);
    CHECK(gate.state() == AccessGate::State::Trying);
    HttpResponse x_401;
    x_401.status = 401;
    x_401.body = R"({"title":"Unauthorized","type":"about:blank"})";
    CHECK(gate.on_answer(x_401, "k") == AccessGate::Verdict::Deliver);
    CHECK(gate.state() == AccessGate::State::Trying);
}

TEST_CASE("the access-key file: saved atomically, read back, a damaged one asks again") {
    FlakyFileSystem fs;
    AccessKeyFile file(fs, "/earshot");
    CHECK(file.load().empty());
    fs.files["/earshot/manifest.json"] = "{}"; // the mentions' files are not touched
    REQUIRE(file.save("s3cret"));
    CHECK(fs.files.at("/earshot/access-key") == "s3cret\n");
    CHECK(fs.files.at("/earshot/manifest.json") == "{}");
    CHECK(fs.files.count("/earshot/access-key.tmp") == 0);
    CHECK(AccessKeyFile(fs, "/earshot").load() == "s3cret");

    fs.files["/earshot/access-key"] = "bad\x01key";
    CHECK(file.load().empty());

    FlakyFileSystem full;
    full.fail_at = 0;
    AccessKeyFile refused(full, "/earshot");
    Result<bool> saved = refused.save("k");
    REQUIRE_FALSE(saved);
    CHECK(saved.error().find("could not be remembered") != std::string::npos);
}

TEST_CASE("the access-key file: forgetting removes the key and nothing else") {
    FlakyFileSystem fs;
    AccessKeyFile file(fs, "/earshot");
    fs.files["/earshot/manifest.json"] = "{}";
    REQUIRE(file.save("s3cret-key"));
    file.forget();
    CHECK(fs.files.count("/earshot/access-key") == 0);
    CHECK(fs.files.at("/earshot/manifest.json") == "{}");
    CHECK(AccessKeyFile(fs, "/earshot").load().empty());
    file.forget(); // nothing left to forget: no harm
    CHECK(fs.files.size() == 1);
}
