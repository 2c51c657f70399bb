/// How a federated model was trained, as its card records it: the engine and strategy,
/// the sites and what each contributed, the rounds, and the privacy and transport
/// settings, so that whoever reads the card knows which guarantees hold.
public struct FederationRecord: Codable, Sendable, Equatable {
    /// One site: counts and figures only (its photographs never left it).
    public struct Site: Codable, Sendable, Equatable {
        public var name: String
        /// Training photographs of the site's last round (the FedAvg weight).
        public var trainSamples: Int?
        /// The final model on the site's own test split, measured at the site through `ropscreen evaluate`.
        public var test: [String: Double]?

        public init(name: String, trainSamples: Int? = nil, test: [String: Double]? = nil) {
            self.name = name
            self.trainSamples = trainSamples
            self.test = test
        }
    }

    /// Differential privacy as applied: clipping at the sites, Gaussian noise at the server.
    public struct Privacy: Codable, Sendable, Equatable {
        public var clippingNorm: Double
        public var noiseMultiplier: Double
        /// (ε, δ) for the whole training, at the level of a site's update (site-level DP).
        public var epsilon: Double
        public var delta: Double
        public var accountant: String
        public var sitesPerRound: Int
        /// What was done to batch norm's noised running statistics (post-processing, no privacy cost).
        public var statistics: String?

        public init(clippingNorm: Double, noiseMultiplier: Double, epsilon: Double, delta: Double, accountant: String, sitesPerRound: Int,
                    statistics: String? = nil) {
            self.clippingNorm = clippingNorm
            self.noiseMultiplier = noiseMultiplier
            self.epsilon = epsilon
            self.delta = delta
            self.accountant = accountant
            self.sitesPerRound = sitesPerRound
            self.statistics = statistics
        }
    }

    /// FedAdam's server step (Reddi et al.): learning rate, τ, the moments' decays, and what
    /// happened to batch norm's statistics.
    public struct ServerOptimiser: Codable, Sendable, Equatable {
        public var eta: Double
        public var tau: Double
        public var beta1: Double
        public var beta2: Double
        public var statistics: String?

        public init(eta: Double, tau: Double, beta1: Double, beta2: Double, statistics: String? = nil) {
            (self.eta, self.tau, self.beta1, self.beta2, self.statistics) = (eta, tau, beta1, beta2, statistics)
        }
    }

    /// E.g. "flwr 1.42.0".
    public var engine: String
    /// "FedAvg", "FedProx" or "FedAdam".
    public var strategy: String
    /// FedAdam's settings; nil for the others.
    public var serverOptimiser: ServerOptimiser?
    public var mu: Double?
    public var rounds: Int
    public var localSteps: Int
    public var fractionTrain: Double
    public var minSites: Int
    /// E.g. "SecAgg+ (shares 3, reconstruction threshold 2)"; nil when updates were aggregated in the clear.
    public var secureAggregation: String?
    public var privacy: Privacy?
    /// E.g. "TLS, node authentication"; nil for insecure transport.
    public var transport: String?
    public var sites: [Site]
    /// Per round: the sites that replied and the mean training loss.
    public var roundLog: [[String: Double]]?

    public init(engine: String, strategy: String, mu: Double? = nil, rounds: Int, localSteps: Int, fractionTrain: Double, minSites: Int,
                secureAggregation: String? = nil, privacy: Privacy? = nil, transport: String? = nil, sites: [Site], roundLog: [[String: Double]]? = nil) {
        self.engine = engine
        self.strategy = strategy
        self.mu = mu
        self.rounds = rounds
        self.localSteps = localSteps
        self.fractionTrain = fractionTrain
        self.minSites = minSites
        self.secureAggregation = secureAggregation
        self.privacy = privacy
        self.transport = transport
        self.sites = sites
        self.roundLog = roundLog
    }
}
