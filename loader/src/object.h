// libiu's objects behind the opaque C handles. What a backend needs of an
// object is in backend.h (ObjectImage); these are the C API's own.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <iu/libiu.h>

#include "backend.h"

struct iu_program {
  iu_object *obj = nullptr;
  size_t index = 0;      // in the image's program table: what backends call it
  bool attached = false; // a link exists
  bool autoload = true;  // attached by the attach-everything paths (iu-load, skeletons)
  const iu::Program &desc() const;
};

struct iu_link {
  iu_program *prog = nullptr;
};

struct iu_map {
  iu_object *obj = nullptr;
  size_t index = 0; // in the image's map table: what backends call it
  const iu::Map &desc() const;
};

struct iu_object {
  iu::ObjectImage file;
  std::string name;
  std::vector<std::unique_ptr<iu_program>> programs;
  std::vector<std::unique_ptr<iu_map>> maps;
  std::unique_ptr<iu::Backend> backend; // declared after file: destroyed first
  bool loaded = false;
};

inline const iu::Program &iu_program::desc() const { return obj->file.image.programs[index]; }
inline const iu::Map &iu_map::desc() const { return obj->file.image.maps[index]; }
