// C API over DCMTK's DIMSE network layer (dcmnet): a C-STORE service class
// provider for the devices and PACS that speak DIMSE rather than DICOMweb.
// Each received object is written, exactly as received, to a file in the spool
// folder and handed to the caller's handler, whose answer becomes the C-STORE
// response; the file is removed afterwards. Associations are served one after
// another on the thread that calls `rs_dimse_listener_run`. Verification and every
// image storage SOP class are accepted, in the transfer syntaxes ropscreen decodes. Nothing here logs
// a data set (DCMTK's own logging is kept at its error level).
#ifndef CDICOMNETWORK_H
#define CDICOMNETWORK_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rs_dimse_listener rs_dimse_listener;

/// The handler's answer to one C-STORE request.
typedef struct {
  /// DIMSE status: 0x0000 success, 0xA700 out of resources, 0xA900 data set does
  /// not match its SOP class, 0xC000 cannot understand, 0x0110 processing failure.
  uint16_t status;
  /// Sent as the response's Error Comment (0000,0902) when not empty; at most 64 characters are sent.
  char comment[65];
} rs_dimse_store_answer;

/// Called on the listener's thread for each received object; `path` is its Part 10 file.
typedef void (*rs_dimse_store_handler)(void *context, const char *path, const char *calling_ae_title,
                                       const char *sop_class_uid, const char *sop_instance_uid,
                                       rs_dimse_store_answer *answer);

typedef struct {
  uint16_t port;
  /// Our AE title; associations calling another are refused.
  const char *ae_title;
  /// Where received objects wait for the handler (one file at a time per association).
  const char *spool_directory;
  /// Largest object accepted; a larger one is answered 0xA700 and not handed over.
  uint64_t maximum_object_bytes;
  uint32_t maximum_pdu_bytes;
  /// Seconds of silence before an association is dropped (ACSE and DIMSE).
  uint32_t timeout_seconds;
} rs_dimse_listener_options;

/// The listener, or NULL with the reason in `error`.
rs_dimse_listener *rs_dimse_listener_create(const rs_dimse_listener_options *options, rs_dimse_store_handler handler,
                                            void *context, char *error, size_t error_capacity);
/// Opens the port; non-zero (and the reason) if it cannot be bound.
int rs_dimse_listener_open(rs_dimse_listener *listener, char *error, size_t error_capacity);
/// Serves associations until `rs_dimse_listener_stop`; 0 when it was stopped, non-zero on a network failure.
int rs_dimse_listener_run(rs_dimse_listener *listener, char *error, size_t error_capacity);
/// Asks the listener to return from `rs_dimse_listener_run` (within a second when idle,
/// after the current association otherwise). Safe from any thread.
void rs_dimse_listener_stop(rs_dimse_listener *listener);
/// Associations served so far (accepted and ended), for tests and logs.
uint64_t rs_dimse_listener_associations(const rs_dimse_listener *listener);
void rs_dimse_listener_free(rs_dimse_listener *listener);

#ifdef __cplusplus
}
#endif

#endif
