extension LabelSchema {
    /// Checks every label of a photograph to export, in field-name order.
    func validateForExport(_ photograph: LabelledPhotograph) throws(LabelExportError) {
        guard !photograph.imagePath.isEmpty else { throw .emptyImagePath(photograph: photograph.photograph) }
        for name in photograph.labels.keys.sorted() {
            guard let value = photograph.labels[name] else { continue }
            do {
                try validate(value, forField: name, imageSize: photograph.imageSize)
            } catch {
                throw .invalidLabel(photograph: photograph.photograph, error)
            }
        }
    }

    /// Checks a whole export: every photograph's labels, and image paths unique.
    func validateForExport(_ photographs: [LabelledPhotograph]) throws(LabelExportError) {
        var paths: Set<String> = []
        for photograph in photographs {
            try validateForExport(photograph)
            guard paths.insert(photograph.imagePath).inserted else { throw .duplicateImagePath(photograph.imagePath) }
        }
    }
}
