// Reads the root attributes, the answer and /roadmaps of a pathway file (io/PathwayReader.hpp), through the
// RAII handles of H5File so a damaged file gives an h5::Error naming the object.
#include "io/PathwayReader.hpp"
#include "io/ResultsReader.hpp"
#include "core/Errors.hpp"
#include "io/H5File.hpp"

#include <filesystem>
#include <vector>

namespace greenfab {
namespace {

using namespace h5;

struct Attributes {
  StoredPathway* out;
  std::string context;
};

herr_t visit_attribute(hid_t loc, const char* name, const H5A_info_t*, void* data)
{
  auto& a = *static_cast<Attributes*>(data);
  const std::string where = a.context + " attribute " + name;
  const Attribute attr(H5Aopen(loc, name, H5P_DEFAULT), "H5Aopen", where);
  const Datatype type(H5Aget_type(attr.get()), "H5Aget_type", where);
  const Dataspace space(H5Aget_space(attr.get()), "H5Aget_space", where);
  const H5T_class_t cls = H5Tget_class(type.get());
  if (cls == H5T_STRING) {
    if (const auto v = string_array_attribute(loc, name, a.context); not v.empty())
      a.out->text[name] = v.front();
  } else if ((cls == H5T_INTEGER or cls == H5T_FLOAT) and points(space.get()) == 1) {
    double v = 0;
    check(H5Aread(attr.get(), H5T_NATIVE_DOUBLE, &v), "H5Aread", where);
    a.out->numbers[name] = v;
  }
  return 0;
}

std::string scalar_string_dataset(hid_t file, const char* name, const std::string& context)
{
  const std::string where = context + " dataset /" + name;
  const Dataset d(H5Dopen2(file, name, H5P_DEFAULT), "H5Dopen2", where);
  const Dataspace space(H5Dget_space(d.get()), "H5Dget_space", where);
  std::vector<char*> buf(points(space.get()), nullptr);
  if (not buf.empty())
    check(H5Dread(d.get(), utf8_string_type().get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()), "H5Dread", where);
  const auto v = take_strings(buf);
  return v.empty() ? std::string() : v.front();
}

} // namespace

StoredFileKind stored_file_kind(const std::string& path)
{
  std::error_code ec;
  if (not std::filesystem::is_regular_file(path, ec))
    throw ModelError(path + ": no such file");
  silence_error_printing();
  if (H5Fis_hdf5(path.c_str()) <= 0)
    throw ModelError(path + ": not an HDF5 file (greenfab writes results with `greenfab run`, `greenfab sweep` or "
                            "`greenfab pathway`)");
  const File f = open_file(path);
  const std::string context = "file '" + path + "'";
  const std::string format = string_attribute(f.get(), "format", context);
  const std::string kind   = string_attribute(f.get(), "kind", context);
  if (format == "greenfab-results")
    return StoredFileKind::results;
  if (format == "greenfab-sweep")
    return StoredFileKind::sweep;
  if (kind == "pathway")
    return StoredFileKind::pathway;
  std::string found = "format '" + format + "'";
  found += ", kind '";
  found += kind;
  found += "'";
  throw ModelError(path + ": not a greenfab results file (root attributes " + found +
                   "; expected format 'greenfab-results' or 'greenfab-sweep', or kind 'pathway')");
}

StoredPathway read_stored_pathway(const std::string& path)
{
  if (stored_file_kind(path) != StoredFileKind::pathway)
    throw ModelError(path + ": a run or sweep file, not a pathway file");
  const File f = open_file(path);
  StoredPathway s;
  s.path = path;
  Attributes a{&s, "file '" + path + "'"};
  hsize_t idx = 0;
  check(H5Aiterate2(f.get(), H5_INDEX_NAME, H5_ITER_INC, &idx, visit_attribute, &a), "H5Aiterate2", a.context);
  for (const char* needed : {"answer", "roadmaps"})
    if (H5Lexists(f.get(), needed, H5P_DEFAULT) <= 0)
      throw ModelError(path + ": pathway file without /" + needed + " (written by an interrupted or older greenfab?)");
  s.answer   = scalar_string_dataset(f.get(), "answer", a.context);
  s.roadmaps = read_dataframe(f.get(), "roadmaps", a.context);
  return s;
}

} // namespace greenfab
