#ifndef CLIBEDIT_H
#define CLIBEDIT_H

#include <histedit.h>

/// Non-variadic access to libedit for Swift, which cannot call `el_set` or `history`.
///
/// One `clibedit_session` owns an EditLine, its history and the FILE streams over the
/// caller's descriptors. libedit reads keys through this shim's read function, which calls
/// `before_key` before it blocks for a key (the owner draws a hint there and returns 1 when
/// it drew something) and erases what was drawn once the key has arrived.

typedef struct clibedit_session clibedit_session;

/// Called before blocking for a key; returns 1 when it drew text after the cursor.
typedef int (*clibedit_key_hook)(void *owner);

/// An editor command: the libedit `el_func_t` shape.
typedef unsigned char (*clibedit_command)(EditLine *editline, int key);

/// Creates a session over `input_fd` / `output_fd` (both are duplicated, never closed).
/// `terminal_type` may be NULL for `$TERM`. Returns NULL when libedit cannot start.
clibedit_session *clibedit_session_create(const char *program_name, int input_fd,
                                          int output_fd, const char *terminal_type);

/// Ends the session, restoring the terminal and freeing everything it owns.
void clibedit_session_destroy(clibedit_session *session);

/// The session's EditLine.
EditLine *clibedit_session_editline(clibedit_session *session);

/// The session that owns `editline` (for editor commands).
clibedit_session *clibedit_session_of(EditLine *editline);

/// Sets the owner passed to hooks and returned by `clibedit_owner`.
void clibedit_session_set_owner(clibedit_session *session, void *owner,
                                clibedit_key_hook before_key);

/// The owner set with `clibedit_session_set_owner`.
void *clibedit_owner(EditLine *editline);

/// Sets the prompt; bytes between two `literal_marker` bytes are printed but not counted.
void clibedit_set_prompt(clibedit_session *session, const char *prompt, char literal_marker);

/// Registers an editor command under `name`.
int clibedit_add_command(clibedit_session *session, const char *name, const char *help,
                         clibedit_command command);

/// Binds `key` (libedit notation, e.g. "^I") to the command `name`.
int clibedit_bind(clibedit_session *session, const char *key, const char *name);

/// Applies one `setty` option to the edit-mode terminal settings (e.g. "-isig").
int clibedit_setty_edit_mode(clibedit_session *session, const char *option);

/// Reads `~/.editrc` (or `$EDITRC`).
void clibedit_source_user_config(clibedit_session *session);

/// Reads one line; NULL at end of input or after an interrupt.
const char *clibedit_read_line(clibedit_session *session);

/// True once (and then clears) when the last read was ended by the interrupt command.
int clibedit_take_interrupted(clibedit_session *session);

/// The editor command that abandons the line: the next read prints `^C` and ends it.
unsigned char clibedit_interrupt_command(EditLine *editline, int key);

/// Writes bytes to the session's output stream and flushes it.
void clibedit_write(clibedit_session *session, const char *bytes, size_t length);

/// Adds an entry to the in-memory history (consecutive duplicates are dropped).
void clibedit_history_enter(clibedit_session *session, const char *entry);

/// Sets how many entries the in-memory history keeps.
void clibedit_history_set_size(clibedit_session *session, int size);

/// The width in columns of the terminal on `fd`, or 0 when unknown.
int clibedit_terminal_columns(int fd);

/// The columns a character takes in the current locale (wcwidth), -1 for control characters.
int clibedit_character_width(unsigned int code_point);

/// Opens a pseudo-terminal pair with a window of `columns` x `rows` (for tests that drive the
/// editor as a user would); 0 on success, -1 with errno set.
int clibedit_open_pty(unsigned short columns, unsigned short rows, int *master, int *slave);

#endif
