// One provenance block for run, sweep and pathway files (docs/hdf5-schema.md, "Root attributes").
#include "io/Provenance.hpp"

#include "Version.hpp"
#include "io/AtomicFile.hpp"
#include "io/H5File.hpp"

#include <stdexcept>

namespace greenfab {

void write_provenance(hid_t file, const Provenance& p)
{
  h5::set_string_attribute(file, "format", p.format);
  h5::set_string_attribute(file, "format_version", p.format_version);
  h5::set_string_attribute(file, "kind", p.kind);
  h5::set_string_attribute(file, "software", "greenfab");
  h5::set_string_attribute(file, "software_version", tool_version);
  h5::set_string_attribute(file, "git_describe", git_describe);
  h5::set_string_attribute(file, "created_utc", h5::utc_now_iso8601());
  h5::set_string_attribute(file, "command_line", p.command_line);
  for (const auto& input : p.inputs) {
    if (input.path.empty() or input.path.back() == '/')
      throw std::invalid_argument("embedded text path '" + input.path + "' names no dataset");
    // Parent groups one level at a time (H5Gcreate2 needs them to exist); a group may already be there.
    std::vector<h5::Group> parents;
    hid_t loc               = file;
    std::string::size_type from = 0;
    for (auto slash = input.path.find('/'); slash != std::string::npos; slash = input.path.find('/', from)) {
      const std::string part = input.path.substr(from, slash - from);
      parents.push_back(H5Lexists(loc, part.c_str(), H5P_DEFAULT) > 0 ? h5::open_group(loc, part)
                                                                      : h5::create_group(loc, part));
      loc  = parents.back().get();
      from = slash + 1;
    }
    h5::write_string_dataset(loc, input.path.substr(from), input.text);
  }
}

} // namespace greenfab
