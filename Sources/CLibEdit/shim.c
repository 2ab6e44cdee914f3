#define _GNU_SOURCE
#include "CLibEdit.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

struct clibedit_session {
  EditLine *editline;
  History *history;
  FILE *input;
  FILE *output;
  int input_fd;
  char *prompt;
  void *owner;
  clibedit_key_hook before_key;
  /* Set by the interrupt command; the next key read ends the line instead of reading. */
  int interrupt_pending;
  /* Set when the line just read was ended by the interrupt command. */
  int interrupted;
};

static char empty_prompt[] = "";

clibedit_session *clibedit_session_of(EditLine *editline) {
  void *data = NULL;
  el_get(editline, EL_CLIENTDATA, &data);
  return data;
}

void *clibedit_owner(EditLine *editline) {
  clibedit_session *session = clibedit_session_of(editline);
  return session ? session->owner : NULL;
}

static char *prompt_text(EditLine *editline) {
  clibedit_session *session = clibedit_session_of(editline);
  return session && session->prompt ? session->prompt : empty_prompt;
}

void clibedit_write(clibedit_session *session, const char *bytes, size_t length) {
  fwrite(bytes, 1, length, session->output);
  fflush(session->output);
}

/* Reads one byte, retrying after signals; 1 on success, 0 at end of input, -1 on error. */
static int read_byte(int fd, unsigned char *byte) {
  for (;;) {
    ssize_t count = read(fd, byte, 1);
    if (count == 1) return 1;
    if (count == 0) return 0;
    if (errno != EINTR) return -1;
  }
}

static int input_is_pending(int fd) {
  struct pollfd request = {.fd = fd, .events = POLLIN};
  return poll(&request, 1, 0) > 0;
}

/* Reads a key and decodes UTF-8 ourselves, so the locale's multibyte state does not matter
   and an invalid sequence is dropped rather than ending the line. */
static int read_key(EditLine *editline, wchar_t *key) {
  clibedit_session *session = clibedit_session_of(editline);
  *key = L'\0';
  if (session->interrupt_pending) {
    session->interrupt_pending = 0;
    session->interrupted = 1;
    clibedit_write(session, "^C", 2);
    *key = L'\n';
    return 1;
  }
  int drew = 0;
  if (session->before_key && !input_is_pending(session->input_fd)) {
    fflush(session->output);
    drew = session->before_key(session->owner);
  }
  unsigned char byte;
  int status = read_byte(session->input_fd, &byte);
  if (drew) clibedit_write(session, "\033[K", 3);
  for (;;) {
    if (status <= 0) return status;
    if (byte < 0x80) {
      *key = byte;
      return 1;
    }
    int continuation_count;
    unsigned long value;
    unsigned long smallest;
    if ((byte & 0xE0) == 0xC0) {
      continuation_count = 1;
      value = byte & 0x1F;
      smallest = 0x80;
    } else if ((byte & 0xF0) == 0xE0) {
      continuation_count = 2;
      value = byte & 0x0F;
      smallest = 0x800;
    } else if ((byte & 0xF8) == 0xF0) {
      continuation_count = 3;
      value = byte & 0x07;
      smallest = 0x10000;
    } else {
      status = read_byte(session->input_fd, &byte);
      continue;
    }
    int complete = 1;
    for (int index = 0; index < continuation_count; index++) {
      status = read_byte(session->input_fd, &byte);
      if (status <= 0) return status;
      if ((byte & 0xC0) != 0x80) {
        complete = 0;
        break;
      }
      value = (value << 6) | (byte & 0x3F);
    }
    if (!complete) continue; /* `byte` starts the next key */
    if (value < smallest || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
      status = read_byte(session->input_fd, &byte);
      continue;
    }
    *key = (wchar_t)value;
    return 1;
  }
}

unsigned char clibedit_interrupt_command(EditLine *editline, int key) {
  (void)key;
  clibedit_session *session = clibedit_session_of(editline);
  const LineInfoW *line = el_wline(editline);
  el_cursor(editline, (int)(line->lastchar - line->cursor));
  session->interrupt_pending = 1;
  return CC_CURSOR;
}

clibedit_session *clibedit_session_create(const char *program_name, int input_fd,
                                          int output_fd, const char *terminal_type) {
  clibedit_session *session = calloc(1, sizeof *session);
  if (!session) return NULL;
  int input_copy = dup(input_fd);
  int output_copy = dup(output_fd);
  session->input = input_copy >= 0 ? fdopen(input_copy, "r") : NULL;
  session->output = output_copy >= 0 ? fdopen(output_copy, "w") : NULL;
  if (!session->input || !session->output) {
    if (session->input) fclose(session->input);
    else if (input_copy >= 0) close(input_copy);
    if (session->output) fclose(session->output);
    else if (output_copy >= 0) close(output_copy);
    free(session);
    return NULL;
  }
  session->input_fd = input_copy;
  session->editline = el_init(program_name, session->input, session->output, session->output);
  session->history = history_init();
  if (!session->editline || !session->history) {
    clibedit_session_destroy(session);
    return NULL;
  }
  HistEvent event;
  history(session->history, &event, H_SETSIZE, 1000);
  history(session->history, &event, H_SETUNIQUE, 1);
  EditLine *editline = session->editline;
  if (terminal_type) el_set(editline, EL_TERMINAL, terminal_type);
  el_set(editline, EL_EDITOR, "emacs");
  el_set(editline, EL_SIGNAL, 1);
  el_set(editline, EL_HIST, history, session->history);
  el_set(editline, EL_CLIENTDATA, session);
  el_set(editline, EL_GETCFN, read_key);
  el_set(editline, EL_PROMPT_ESC, prompt_text, '\1');
  return session;
}

void clibedit_session_destroy(clibedit_session *session) {
  if (!session) return;
  if (session->editline) el_end(session->editline);
  if (session->history) history_end(session->history);
  if (session->input) fclose(session->input);
  if (session->output) fclose(session->output);
  free(session->prompt);
  free(session);
}

EditLine *clibedit_session_editline(clibedit_session *session) { return session->editline; }

void clibedit_session_set_owner(clibedit_session *session, void *owner,
                                clibedit_key_hook before_key) {
  session->owner = owner;
  session->before_key = before_key;
}

void clibedit_set_prompt(clibedit_session *session, const char *prompt, char literal_marker) {
  char *copy = strdup(prompt);
  if (!copy) return;
  free(session->prompt);
  session->prompt = copy;
  el_set(session->editline, EL_PROMPT_ESC, prompt_text, literal_marker);
}

int clibedit_add_command(clibedit_session *session, const char *name, const char *help,
                         clibedit_command command) {
  return el_set(session->editline, EL_ADDFN, name, help, command);
}

int clibedit_bind(clibedit_session *session, const char *key, const char *name) {
  return el_set(session->editline, EL_BIND, key, name, NULL);
}

int clibedit_setty_edit_mode(clibedit_session *session, const char *option) {
  return el_set(session->editline, EL_SETTY, "-d", option, NULL);
}

void clibedit_source_user_config(clibedit_session *session) {
  el_source(session->editline, NULL);
}

const char *clibedit_read_line(clibedit_session *session) {
  int count = 0;
  session->interrupt_pending = 0;
  session->interrupted = 0;
  /* libedit prints the prompt before it enters raw mode; entering it first means keys typed
     as soon as the prompt shows are edited, not echoed by the tty or turned into signals. */
  el_set(session->editline, EL_PREP_TERM, 1);
  return el_gets(session->editline, &count);
}

int clibedit_take_interrupted(clibedit_session *session) {
  int interrupted = session->interrupted;
  session->interrupted = 0;
  return interrupted;
}

void clibedit_history_enter(clibedit_session *session, const char *entry) {
  HistEvent event;
  history(session->history, &event, H_ENTER, entry);
}

void clibedit_history_set_size(clibedit_session *session, int size) {
  HistEvent event;
  history(session->history, &event, H_SETSIZE, size);
}

int clibedit_terminal_columns(int fd) {
  struct winsize size;
  if (ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
  return size.ws_col;
}

int clibedit_character_width(unsigned int code_point) {
  return wcwidth((wchar_t)code_point);
}

int clibedit_open_pty(unsigned short columns, unsigned short rows, int *master, int *slave) {
  int master_fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master_fd < 0) return -1;
  char name[256];
  if (grantpt(master_fd) != 0 || unlockpt(master_fd) != 0 ||
      ptsname_r(master_fd, name, sizeof name) != 0) {
    close(master_fd);
    return -1;
  }
  int slave_fd = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (slave_fd < 0) {
    close(master_fd);
    return -1;
  }
  struct winsize size = {.ws_row = rows, .ws_col = columns};
  ioctl(master_fd, TIOCSWINSZ, &size);
  *master = master_fd;
  *slave = slave_fd;
  return 0;
}
