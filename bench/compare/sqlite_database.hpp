#pragma once
// A SQLite database file for the comparisons (compare.cpp and ldbc/sqlite.cpp): opened afresh,
// closed with the object, and every failure an exception quoting SQLite's message and the SQL.
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <stdexcept>
#include <string>

namespace compare_sqlite {

struct database {
  sqlite3* db = nullptr;
  explicit database(const std::filesystem::path& file) {
    std::filesystem::remove(file);
    if (sqlite3_open(file.c_str(), &db) != SQLITE_OK) throw std::runtime_error("sqlite open failed");
  }
  database(const database&) = delete;
  database& operator=(const database&) = delete;
  ~database() { sqlite3_close(db); }
  void exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string m = err ? err : "?";
      sqlite3_free(err);
      throw std::runtime_error("sqlite: " + m + " in " + sql);
    }
  }
  sqlite3_stmt* prepare(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db) + " in " + sql);
    return st;
  }
  // The first column of the first row of a prepared statement run with these parameters; -1 for none.
  long long scalar(sqlite3_stmt* st, std::initializer_list<long long> params) {
    sqlite3_reset(st);
    int i = 1;
    for (auto p : params) sqlite3_bind_int64(st, i++, p);
    long long v = -1;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) v = sqlite3_column_int64(st, 0);
    return v;
  }
  // The first column of the first row of a statement without parameters.
  std::int64_t count(const std::string& sql) {
    auto* st = prepare(sql);
    sqlite3_step(st);
    const auto n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
  }
};

}  // namespace compare_sqlite
