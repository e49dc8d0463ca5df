#include <algorithm>
#include <cstdlib>

#include "numaplan/acpi/table.h"
#include "numaplan/support/bytes.h"
#include "numaplan/support/format.h"

namespace numaplan::acpi {

Diagnostic StructView::out_of_bounds(const FieldDesc& field) const {
  Diagnostic d;
  d.offset = std::uint64_t{offset_} + field.offset;
  d.field = std::string(field.name);
  d.message = concat({"field at +", field.offset, " (", field.width, " bytes) lies beyond the ", length_, "-byte ",
                      desc_->name});
  return d;
}

Expected<std::span<const std::uint8_t>> StructView::bytes(const FieldDesc& field) const {
  if (!holds(field)) return out_of_bounds(field);
  return checked_span(table_, std::uint64_t{offset_} + field.offset, field.width);
}

Expected<std::uint64_t> StructView::get(Field field) const {
  if (!field.of(*desc_)) {
    Diagnostic d = make_error(ErrorKind::internal, std::string(field->name),
                              "the field '" + std::string(field->key) + "' read is not one of the " +
                                  std::string(desc_->name) + "'s fields");
    d.offset = offset_;
    return d;
  }
  return read(*field);
}

ArrayViews StructView::arrays() const {
  ArrayViews out;
  std::uint64_t at = desc_->size;
  for (const ArrayDesc& array : desc_->arrays) {
    const std::uint64_t wanted = array.count(*this);
    const std::uint64_t room = at < length_ ? (length_ - at) / array.element_width : 0;
    const std::uint64_t count = std::min(wanted, room);
    if (out.size_ == kMaxArrays) std::abort();  // a description not made by checked_struct()
    out.views_[out.size_++] = ArrayView{&array, static_cast<std::uint32_t>(offset_ + std::min<std::uint64_t>(at, length_)),
                                        count, wanted};
    at += count * array.element_width;
  }
  return out;
}

Expected<std::uint64_t> StructView::element(const ArrayView& array, std::uint64_t index) const {
  if (index >= array.count) {
    Diagnostic d;
    d.offset = array.offset;
    d.field = std::string(array.desc->name);
    d.message = concat({"element ", index, " of ", array.count, " is out of range"});
    return d;
  }
  return read_le(table_, array.offset + index * array.desc->element_width, array.desc->element_width);
}

}  // namespace numaplan::acpi
