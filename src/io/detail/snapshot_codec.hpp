#pragma once
// The snapshot payload's fields, through one Boost archive (docs/snapshot-format.md lists them
// in order). A codec writes or reads, and every reading call is bounded: a count is checked
// against what the rest of the payload can hold before anything is allocated, and lists grow
// as their elements are actually read, so a hostile count costs no memory.

#include <dossier/core/value.hpp>
#include <dossier/store/records.hpp>

#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/archive/text_iarchive.hpp>
#include <boost/archive/xml_iarchive.hpp>
#include <boost/serialization/array_wrapper.hpp>
#include <boost/serialization/binary_object.hpp>
#include <boost/serialization/nvp.hpp>
#include <boost/serialization/string.hpp>

#include <istream>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

// Raised inside decoding; turned into format_error with the file name outside.
struct bad_payload : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Reads an in-memory payload without copying it into a stream's own buffer, and tells where it
// is (so that counts can be bounded by the bytes that are left).
class memory_buffer : public std::streambuf {
 public:
  explicit memory_buffer(std::string_view bytes) {
    char* b = const_cast<char*>(bytes.data());  // read-only: no put area is ever set
    setg(b, b, b + bytes.size());
  }
  [[nodiscard]] std::size_t remaining() const noexcept { return static_cast<std::size_t>(egptr() - gptr()); }
};

template <class Archive>
class codec {
 public:
  static constexpr bool loading = Archive::is_loading::value;
  static constexpr bool binary = std::is_same_v<Archive, boost::archive::binary_oarchive> || std::is_same_v<Archive, boost::archive::binary_iarchive>;

  // `in` is the buffer a loading archive reads from (to bound counts, and for text strings);
  // `version` the format version being written or read (fields added later are skipped for
  // older ones).
  codec(Archive& ar, std::uint32_t version, memory_buffer* in = nullptr, std::istream* stream = nullptr)
      : ar_(ar), in_(in), stream_(stream), version_(version) {}
  [[nodiscard]] std::uint32_t version() const noexcept { return version_; }

  template <class T>
  void field(const char* name, T& v) {
    ar_& boost::serialization::make_nvp(name, v);
  }
  // A count of elements that each take at least `min_fields` fields in the file: when loading,
  // it must fit in the rest of the payload (a binary field is at least one byte, a text one two).
  std::uint64_t count(const char* name, std::uint64_t n, std::size_t min_fields = 1) {
    ar_& boost::serialization::make_nvp(name, n);
    if constexpr (loading) {
      const std::size_t each = min_fields * (binary ? 1 : 2);
      const std::size_t room = in_->remaining() / each;
      if (n > room)
        throw bad_payload(std::string(name) + ": " + std::to_string(n) + " claimed, but the remaining " + std::to_string(in_->remaining()) +
                          " bytes hold at most " + std::to_string(room));
    }
    return n;
  }
  // Loads `n` elements (counted first) into `v` as they are read; saves them in order.
  template <class Vector, class Each>
  void list(const char* name, Vector& v, std::size_t min_fields, Each&& each) {
    const auto n = count(name, v.size(), min_fields);
    if constexpr (loading) {
      v.clear();
      v.reserve(std::min<std::uint64_t>(n, 4096));
      for (std::uint64_t i = 0; i < n; ++i) each(v.emplace_back());
    } else {
      for (auto&& x : v) each(x);  // views of the graph give their elements by value
    }
  }
  void str(const char* name, const std::string& s) requires(!loading) { blob(name, const_cast<std::string&>(s)); }
  void str(const char* name, std::string_view s) requires(!loading) {
    std::string copy(s);
    blob(name, copy);
  }
  void str(const char* name, std::string& s) {
    blob(name, s);
    if (loading && !is_valid_utf8(s)) throw bad_payload(std::string(name) + " is not valid UTF-8");
  }
  // Bytes whose content the caller checks.
  void blob(const char* name, std::string& s) {
    if constexpr (binary) {
      const auto n = count(name, s.size());  // the length is checked before any allocation
      if (loading) s.resize(n);
      if (n) ar_& boost::serialization::make_nvp("bytes", boost::serialization::make_binary_object(s.data(), n));
    } else if constexpr (std::is_same_v<Archive, boost::archive::text_iarchive>) {
      // Boost's text reader sizes the string from the file before reading it, so a hostile
      // length allocated gigabytes (found by fuzz/snapshot_fuzz). The same layout as Boost
      // writes it, "<length> <bytes>", read here with the length checked first.
      std::uint64_t n = 0;
      ar_& boost::serialization::make_nvp(name, n);
      if (n > in_->remaining()) throw bad_payload(std::string(name) + " is longer than the rest of the payload");
      stream_->get();  // the separating space
      s.resize(n);
      if (n && !stream_->read(s.data(), static_cast<std::streamsize>(n))) throw bad_payload(std::string(name) + " is cut short");
    } else {
      ar_& boost::serialization::make_nvp(name, s);  // XML strings are read as they come: no length to trust
    }
  }
  // Booleans travel as one byte that must be 0 or 1: reading a raw byte into a bool would be
  // undefined behaviour for any other value.
  void flag(const char* name, bool& b) {
    std::uint8_t x = b ? 1 : 0;
    ar_& boost::serialization::make_nvp(name, x);
    if constexpr (loading) {
      if (x > 1) throw bad_payload(std::string(name) + " is not a boolean");
      b = x == 1;
    }
  }
  // Small unsigned fields (enums) travel as 32 bits for text archives. A value too wide for
  // the field is refused: narrowing it would turn a state of 256 into 0, "live".
  template <class T>
  void u(const char* name, T& v) {
    std::uint32_t x = static_cast<std::uint32_t>(v);
    ar_& boost::serialization::make_nvp(name, x);
    if constexpr (loading) {
      using field_type = typename std::conditional_t<std::is_enum_v<T>, std::underlying_type<T>, std::type_identity<T>>::type;
      if (x > std::numeric_limits<field_type>::max()) throw bad_payload(std::string(name) + " " + std::to_string(x) + " is out of range");
      v = static_cast<T>(x);
    }
  }
  // A column of plain numbers: one block in binary archives, element by element in text ones.
  template <class T>
  void column(const char* name, std::vector<T>& values) {
    const auto n = count(name, values.size(), binary ? sizeof(T) : 1);
    if constexpr (loading) values.resize(n);
    if (n) ar_& boost::serialization::make_nvp("values", boost::serialization::make_array(values.data(), n));
  }
  Archive& ar() { return ar_; }

 private:
  Archive& ar_;
  memory_buffer* in_;
  std::istream* stream_;
  std::uint32_t version_;
};

}  // namespace detail

DOSSIER_NAMESPACE_END
