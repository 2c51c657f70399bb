import Foundation
import FundusImaging
import RetinaAnalysis
import RetinaDICOM
import RetinaStore

/// The results of one analysed DICOM frame on their way back to the PACS.
public struct PACSDelivery: Sendable {
    public var result: AnalysisPipeline.Result
    /// The frame as analysed, for the overlay.
    public var photograph: Bitmap
    public var identifiers: DICOMIdentifiers

    /// The report overlay as a secondary capture and the findings as a basic
    /// text SR, both filed in the source's study; nil when the source had no
    /// Study Instance UID to file them under.
    func instances(patientIdentifierSystem: String?, softwareVersion: String) throws -> [Data]? {
        guard let study = identifiers.studyReference else { return nil }
        let overlay = try ReportOverlay.draw(result, on: photograph)
        guard let frame = DICOMRGBFrame(width: overlay.width, height: overlay.height, pixels: overlay.pixels) else {
            throw DICOMError.cannotWrite(reason: "the overlay is \(overlay.width)×\(overlay.height)×\(overlay.channels)")
        }
        let capture = DICOMSecondaryCapture(study: study, image: frame, instanceNumber: identifiers.frameNumber,
                                            softwareVersion: softwareVersion)
        let report = result.report
        let figures = ROPScreeningFigures(report: report, issued: Date(), identifiers: identifiers,
                                          patientIdentifierSystem: patientIdentifierSystem)
        let textReport = DICOMBasicTextReport(study: study, items: DICOMReportItem.items(figures, warnings: report.warnings),
                                              instanceNumber: identifiers.frameNumber)
        return [try capture.write(), try textReport.write()]
    }
}
