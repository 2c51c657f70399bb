import RetinaDICOM
import RetinaStore

extension DICOMIdentifiers {
    /// The identifiers of frame `frameNumber` (1-based) of a parsed DICOM image.
    init(analysisID: String, image: DICOMImage, frameNumber: Int) {
        let m = image.metadata
        let d = image.file.dataSet
        self.init(analysisID: analysisID, patientID: m.patientID, patientName: m.patientName,
                  patientBirthDate: d.string(.patientBirthDate), patientSex: d.string(.patientSex),
                  studyInstanceUID: m.studyInstanceUID, studyDate: d.string(.studyDate), studyTime: d.string(.studyTime),
                  studyID: d.string(.studyID), accessionNumber: m.accessionNumber,
                  referringPhysicianName: d.string(.referringPhysicianName), seriesInstanceUID: m.seriesInstanceUID,
                  sopInstanceUID: m.sopInstanceUID, sopClassUID: m.sopClassUID, modality: m.modality, laterality: m.eye.code,
                  acquisitionDateTime: m.acquisitionDateTime, manufacturer: m.manufacturer,
                  manufacturerModelName: m.manufacturerModelName, deviceSerialNumber: m.deviceSerialNumber,
                  frameNumber: frameNumber, frameCount: image.frames.count)
    }

    /// The patient and study a result object is filed under, pointing at the source image;
    /// nil without a Study Instance UID.
    var studyReference: DICOMStudyReference? {
        guard let studyInstanceUID else { return nil }
        return DICOMStudyReference(
            patientID: patientID ?? "", patientName: patientName ?? "", patientBirthDate: patientBirthDate, patientSex: patientSex,
            studyInstanceUID: studyInstanceUID, studyDate: studyDate, studyTime: studyTime, studyID: studyID,
            accessionNumber: accessionNumber, referringPhysicianName: referringPhysicianName, sourceSOPClassUID: sopClassUID,
            sourceSOPInstanceUID: sopInstanceUID, sourceSeriesInstanceUID: seriesInstanceUID, laterality: laterality)
    }
}
