// The earshot-cli commands that live in files of their own.
#pragma once

namespace earshot::cli {

/// earshot-cli listen --store DIR --api URL [--once]: see listen.cpp.
int cmd_listen(int argc, char** argv);

} // namespace earshot::cli
