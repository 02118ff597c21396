// `prepdeck user`: add, list, passwd, admin and remove, as an operator scripts
// them (the password and the confirmation on standard input).
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "store/store.h"

namespace prepdeck::cli {
namespace {

namespace fs = std::filesystem;

class UserCommands : public ::testing::Test {
 protected:
  void SetUp() override {
    m_dir = fs::temp_directory_path() / ("prepdeck-users-" + std::to_string(::getpid()));
    fs::remove_all(m_dir);
    fs::create_directories(m_dir);
  }
  void TearDown() override { fs::remove_all(m_dir); }

  struct Result {
    int code;
    std::string out;
    std::string err;
  };

  Result user(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), {"prepdeck", "user"});
    args.push_back("--db");
    args.push_back(db());
    std::istringstream in(input);
    std::ostringstream out;
    std::ostringstream err;
    const int code = run(args, {out, err, &in});
    return {code, out.str(), err.str()};
  }
  std::string db() const { return (m_dir / "accounts.db").string(); }

  fs::path m_dir;
};

TEST_F(UserCommands, ListPasswdAdminAndRemove) {
  ASSERT_EQ(user({"add", "bob"}, "password1\n").code, k_exit_ok);
  ASSERT_EQ(user({"add", "ana", "--admin"}, "password2\n").code, k_exit_ok);

  auto list = user({"list"});
  EXPECT_EQ(list.code, k_exit_ok);
  EXPECT_NE(list.out.find("ana   admin  "), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("bob   learner"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("2 accounts"), std::string::npos) << list.out;
  EXPECT_EQ(list.out.find("local"), std::string::npos);  // the terminal's learner is no account
  const auto json = nlohmann::json::parse(user({"list", "--format", "json"}).out);
  ASSERT_EQ(json.at("users").size(), 2u);
  EXPECT_EQ(json["users"][0]["name"], "ana");
  EXPECT_EQ(json["users"][0]["admin"], true);
  EXPECT_EQ(user({"list", "--json"}).out, user({"list", "--format", "json"}).out);

  // A new password logs the account out everywhere.
  {
    auto store = std::move(store::open_store(db()).value());
    const auto bob = (*store->find_user("bob"))->first;
    ASSERT_TRUE(
        store->create_session(store::Session{"h", bob.id, "c", {}, store::Time(std::chrono::hours(1'000'000))}));
  }
  auto passwd = user({"passwd", "bob"}, "another-one\n");
  EXPECT_EQ(passwd.code, k_exit_ok) << passwd.err;
  EXPECT_EQ(user({"passwd", "bob"}, "short\n").code, k_exit_usage);
  {
    auto store = std::move(store::open_store(db()).value());
    EXPECT_FALSE(*store->session("h", store::Time{}));
    EXPECT_NE((*store->find_user("bob"))->second.rfind("$argon2id$", 0), std::string::npos);
  }

  EXPECT_EQ(user({"admin", "bob", "on"}).code, k_exit_ok);
  EXPECT_NE(user({"list"}).out.find("bob   admin"), std::string::npos);
  EXPECT_EQ(user({"admin", "bob", "off"}).code, k_exit_ok);
  EXPECT_NE(user({"list"}).out.find("bob   learner"), std::string::npos);
  EXPECT_EQ(user({"admin", "bob", "maybe"}).code, k_exit_usage);
  auto typo = user({"admin", "bb", "on"});
  EXPECT_EQ(typo.code, k_exit_usage);
  EXPECT_EQ(typo.err.rfind("prepdeck: user admin: no account is called 'bb'. Did you mean 'bob'?", 0), 0u) << typo.err;
  EXPECT_EQ(user({"passwd", "local"}, "password1\n").code, k_exit_usage);

  // Removing asks for the name; the account's progress goes with it.
  {
    auto store = std::move(store::open_store(db()).value());
    const auto bob = (*store->find_user("bob"))->first;
    ASSERT_TRUE(store->set_mark(bob.id, store::Mark{"g/q1", "g.md", "knew", {}}));
    ASSERT_TRUE(store->add_comment(bob.id, "g.md", "hello", {}));
  }
  auto refused = user({"remove", "bob"}, "yes\n");
  EXPECT_EQ(refused.code, k_exit_usage);
  EXPECT_NE(refused.err.find("not confirmed; nothing removed"), std::string::npos) << refused.err;
  EXPECT_NE(user({"list"}).out.find("bob"), std::string::npos);
  EXPECT_EQ(user({"remove", "bob"}, "bob\n").code, k_exit_ok);
  EXPECT_EQ(user({"list"}).out.find("bob"), std::string::npos);
  {
    auto store = std::move(store::open_store(db()).value());
    EXPECT_TRUE(store->comments("g.md")->empty());
  }
  EXPECT_EQ(user({"remove", "ana", "--yes"}).code, k_exit_ok);
  EXPECT_NE(user({"list"}).out.find("No accounts yet."), std::string::npos);
}

}  // namespace
}  // namespace prepdeck::cli
