// Flow layout for narrow panels (Earshot in an admin page's 800 px panel):
// an item goes on the line of the one before while it fits, else on the next,
// so rows of buttons wrap instead of running off the pane.
#pragma once

namespace earshot::app {

/// Below about 1000 CSS px (64 em of the text font): the detail pane goes under
/// the table and the top bar wraps.
bool narrow_window();
/// The width left on the last item's line, after the item spacing, in the
/// window or the table cell being filled.
float room_on_line();
/// Call between two items: puts the next one, `width` wide, on the same line
/// when it fits in the window (or table cell).
void same_line_if_fits(float width);
/// The width a button (small or not: same padding across) or radio button labelled `label` will take.
float button_width(const char* label);
float radio_width(const char* label);

} // namespace earshot::app
