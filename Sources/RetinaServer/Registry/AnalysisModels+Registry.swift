import RetinaAnalysis
import RetinaModels

extension AnalysisModels {
    /// These models with the one that answers `bundle`'s task replaced by it.
    func replacing(with bundle: ModelBundle) throws -> AnalysisModels {
        var models = self
        switch bundle.card.task {
        case .quality: models.quality = try FundusClassifier(bundle: bundle)
        case .lesion: models.lesion = try FundusClassifier(bundle: bundle)
        case .rop: models.rop = try FundusClassifier(bundle: bundle)
        case .laterality: models.laterality = try LateralityClassifier(bundle: bundle)
        case .landmarks: models.landmarks = LandmarkDetector(bundle: bundle)
        case .vessels: models.vessels = Segmenter(bundle: bundle)
        case .ridge: models.ridge = Segmenter(bundle: bundle)
        }
        return models
    }
}
