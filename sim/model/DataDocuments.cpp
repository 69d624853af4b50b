// Parsed data documents, keyed by name, kind and text.
#include "model/DataDocuments.hpp"

#include <map>
#include <mutex>
#include <tuple>

namespace greenfab {
namespace {

struct Held {
  std::mutex mutex;
  std::map<std::tuple<std::string, std::string, std::string>, std::shared_ptr<const YamlValue>> trees;
};

Held& held()
{
  static Held h; // never destroyed before the loaders that use it: function-local, first use
  return h;
}

} // namespace

std::shared_ptr<const YamlValue> parse_data_document(const std::string& text, const std::string& file_name,
                                                     const char* kind, std::vector<Diagnostic>& diags)
{
  auto key = std::make_tuple(file_name, std::string(kind), text);
  Held& h  = held();
  {
    const std::lock_guard<std::mutex> lock(h.mutex);
    if (const auto it = h.trees.find(key); it != h.trees.end())
      return it->second;
  }
  std::vector<Diagnostic> own;
  auto tree = std::make_shared<const YamlValue>(parse_document(text, file_name, kind, {}, own));
  if (not own.empty()) {
    diags.insert(diags.end(), own.begin(), own.end());
    return tree;
  }
  const std::lock_guard<std::mutex> lock(h.mutex);
  return h.trees.emplace(std::move(key), std::move(tree)).first->second;
}

std::size_t data_documents_held()
{
  Held& h = held();
  const std::lock_guard<std::mutex> lock(h.mutex);
  return h.trees.size();
}

} // namespace greenfab
