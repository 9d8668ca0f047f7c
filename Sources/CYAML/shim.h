#ifndef GANTRY_CYAML_SHIM_H
#define GANTRY_CYAML_SHIM_H
#include <yaml.h>
#endif
