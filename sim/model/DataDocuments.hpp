// Data files (carriers, grid zones, vehicle types, climates) parsed once per process and shared.
#pragma once
#include "model/YamlValue.hpp"

#include <memory>
#include <string>
#include <vector>

namespace greenfab {

/**
 * parse_document without overrides, for files that a study reads once per model it builds: thousands of
 * times the same few texts. The parsed tree of a (file name, kind, text) is kept for the life of the
 * process and shared read-only; a worker forked afterwards inherits it. Keyed by the text, not the path,
 * so a file rewritten between two loads is parsed again. A document with problems is not kept: its
 * diagnostics are reported on every load, as parse_document reports them.
 */
std::shared_ptr<const YamlValue> parse_data_document(const std::string& text, const std::string& file_name,
                                                     const char* kind, std::vector<Diagnostic>& diags);

/** Texts currently held (for tests and benchmarks). */
std::size_t data_documents_held();

} // namespace greenfab
