// DCMTK's DcmSCP with a C-STORE handler that streams each object to a spool
// file and answers with the status the caller's handler chooses.
#include "CDICOMNetwork.h"

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcdeftag.h"
#include "dcmtk/dcmdata/dcuid.h"
#include "dcmtk/dcmdata/dcdatset.h"
#include "dcmtk/dcmnet/diutil.h"
#include "dcmtk/dcmnet/scp.h"
#include "dcmtk/oflog/oflog.h"

#include <atomic>
#include <cstdio>
#include <cstring>
#include <new>
#include <string>
#include <sys/stat.h>

namespace {

void copy_message(char *destination, size_t capacity, const std::string &message) {
  if (destination == nullptr || capacity == 0) return;
  std::snprintf(destination, capacity, "%s", message.c_str());
}

/// The transfer syntaxes whose frames the Swift reader decodes (or, for objects
/// without pixels, reads), in the order the listener prefers them: a sender that
/// proposes its object's compressed syntax beside an uncompressed one keeps it,
/// so nothing is transcoded (DCMTK's storescu, for one, cannot decompress).
OFList<OFString> accepted_transfer_syntaxes() {
  OFList<OFString> syntaxes;
  for (const char *uid : {UID_JPEGLSLosslessTransferSyntax, UID_JPEG2000LosslessOnlyTransferSyntax,
                          UID_JPEGProcess1TransferSyntax, UID_JPEGProcess2_4TransferSyntax,
                          UID_JPEGLSLossyTransferSyntax, UID_JPEG2000TransferSyntax,
                          UID_LittleEndianExplicitTransferSyntax, UID_DeflatedExplicitVRLittleEndianTransferSyntax,
                          UID_LittleEndianImplicitTransferSyntax}) {
    syntaxes.push_back(uid);
  }
  return syntaxes;
}

class StorageProvider : public DcmSCP {
public:
  StorageProvider(const rs_dimse_listener_options &options, rs_dimse_store_handler handler, void *context)
      : ae_title_(options.ae_title), spool_(options.spool_directory), maximum_bytes_(options.maximum_object_bytes),
        handler_(handler), context_(context) {}

  std::atomic<bool> stopping{false};
  std::atomic<uint64_t> associations{0};

  OFCondition configure(const rs_dimse_listener_options &options) {
    setPort(options.port);
    setAETitle(ae_title_.c_str());
    setMaxReceivePDULength(options.maximum_pdu_bytes);
    setACSETimeout(options.timeout_seconds);
    setDIMSETimeout(options.timeout_seconds);
    setDIMSEBlockingMode(DIMSE_NONBLOCKING);
    // Non-blocking accept with a one-second timeout, so that a stop request is seen when idle.
    setConnectionBlockingMode(DUL_NOBLOCK);
    setConnectionTimeout(1);
    setHostLookupEnabled(OFFalse);
    OFList<OFString> verification;
    verification.push_back(UID_LittleEndianExplicitTransferSyntax);
    verification.push_back(UID_LittleEndianImplicitTransferSyntax);
    OFCondition condition = addPresentationContext(UID_VerificationSOPClass, verification);
    const OFList<OFString> syntaxes = accepted_transfer_syntaxes();
    // Every image storage class (70 in DCMTK 3.6.7; an association profile holds at most 128
    // contexts): objects of another class are refused at negotiation, by the sender's own report.
    for (int index = 0; condition.good() && index < numberOfDcmImageSOPClassUIDs; ++index) {
      condition = addPresentationContext(dcmImageSOPClassUIDs[index], syntaxes);
    }
    return condition;
  }

  OFCondition openPort() { return openListenPort(); }
  OFCondition serve() { return acceptAssociations(); }

protected:
  OFBool checkCalledAETitleAccepted(const OFString &calledAE) override { return calledAE == ae_title_.c_str(); }
  OFBool stopAfterConnectionTimeout() override { return stopping.load(); }
  OFBool stopAfterCurrentAssociation() override { return stopping.load(); }
  void notifyAssociationTermination() override { associations.fetch_add(1); }

  OFCondition handleIncomingCommand(T_DIMSE_Message *message, const DcmPresentationContextInfo &context) override {
    if (message->CommandField != DIMSE_C_STORE_RQ) return DcmSCP::handleIncomingCommand(message, context);
    T_DIMSE_C_StoreRQ &request = message->msg.CStoreRQ;
    const std::string path = spool_ + "/" + std::to_string(reinterpret_cast<uintptr_t>(this)) + "-" +
                             std::to_string(request.MessageID) + "-" + std::to_string(++received_) + ".dcm";
    OFCondition condition = receiveSTORERequest(request, context.presentationContextID, OFString(path.c_str()));
    if (condition.bad()) {
      std::remove(path.c_str());
      return condition;
    }
    rs_dimse_store_answer answer{};
    struct stat info {};
    if (stat(path.c_str(), &info) != 0) {
      answer.status = 0x0110;
      std::snprintf(answer.comment, sizeof answer.comment, "the received object could not be kept");
    } else if (static_cast<uint64_t>(info.st_size) > maximum_bytes_) {
      answer.status = 0xA700;
      std::snprintf(answer.comment, sizeof answer.comment, "FILE_TOO_LARGE: the object exceeds the largest accepted");
    } else {
      answer.status = 0x0110;
      handler_(context_, path.c_str(), getPeerAETitle().c_str(), request.AffectedSOPClassUID,
               request.AffectedSOPInstanceUID, &answer);
    }
    std::remove(path.c_str());
    DcmDataset detail;
    DcmDataset *status_detail = nullptr;
    answer.comment[64] = '\0';
    if (answer.comment[0] != '\0' && detail.putAndInsertString(DCM_ErrorComment, answer.comment).good()) {
      status_detail = &detail;
    }
    return sendSTOREResponse(context.presentationContextID, request.MessageID, request.AffectedSOPClassUID,
                             request.AffectedSOPInstanceUID, answer.status, status_detail);
  }

private:
  std::string ae_title_;
  std::string spool_;
  uint64_t maximum_bytes_;
  rs_dimse_store_handler handler_;
  void *context_;
  uint64_t received_ = 0;
};

}  // namespace

struct rs_dimse_listener {
  StorageProvider provider;
  rs_dimse_listener(const rs_dimse_listener_options &options, rs_dimse_store_handler handler, void *context)
      : provider(options, handler, context) {}
};

extern "C" {

rs_dimse_listener *rs_dimse_listener_create(const rs_dimse_listener_options *options, rs_dimse_store_handler handler,
                                            void *context, char *error, size_t error_capacity) {
  if (options == nullptr || handler == nullptr || options->ae_title == nullptr || options->spool_directory == nullptr) {
    copy_message(error, error_capacity, "missing options or handler");
    return nullptr;
  }
  const size_t title_length = std::strlen(options->ae_title);
  if (title_length == 0 || title_length > 16) {
    copy_message(error, error_capacity, "an AE title has 1 to 16 characters");
    return nullptr;
  }
  try {
    // DCMTK logs data sets at its debug level; keep it to errors, and never above.
    OFLog::configure(OFLogger::ERROR_LOG_LEVEL);
    auto *listener = new rs_dimse_listener(*options, handler, context);
    OFCondition condition = listener->provider.configure(*options);
    if (condition.bad()) {
      copy_message(error, error_capacity, condition.text());
      delete listener;
      return nullptr;
    }
    return listener;
  } catch (const std::exception &exception) {
    copy_message(error, error_capacity, exception.what());
    return nullptr;
  }
}

int rs_dimse_listener_open(rs_dimse_listener *listener, char *error, size_t error_capacity) {
  OFCondition condition = listener->provider.openPort();
  if (condition.bad()) {
    copy_message(error, error_capacity, condition.text());
    return 1;
  }
  return 0;
}

int rs_dimse_listener_run(rs_dimse_listener *listener, char *error, size_t error_capacity) {
  try {
    OFCondition condition = listener->provider.serve();
    if (condition.bad() && !listener->provider.stopping.load()) {
      copy_message(error, error_capacity, condition.text());
      return 1;
    }
    return 0;
  } catch (const std::exception &exception) {
    copy_message(error, error_capacity, exception.what());
    return 1;
  }
}

void rs_dimse_listener_stop(rs_dimse_listener *listener) { listener->provider.stopping.store(true); }

uint64_t rs_dimse_listener_associations(const rs_dimse_listener *listener) {
  return listener->provider.associations.load();
}

void rs_dimse_listener_free(rs_dimse_listener *listener) { delete listener; }

}  // extern "C"
