package dev.cdc.training.model;

import dev.cdc.core.entropy.CodeTables;
import dev.cdc.training.ComputeDevice;
import dev.cdc.core.modelfile.AutoencoderFingerprint;
import dev.cdc.core.shard.ModelFingerprint;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.StringTensorDict;

/**
 * The CDC autoencoder: encoder, decoder, the guidance classifier that shaped them, and the k-bit
 * quantizer between them. Its fingerprint identifies the encoder-decoder pair and the codec, and
 * goes into every shard it encodes.
 */
public final class CdcModel {
    private final ModelConfig config;
    private final Encoder encoder;
    private final Decoder decoder;
    private final Classifier guidance;
    private final LatentQuantizer quantizer;
    private CodeTables codeTables;

    private CdcModel(ModelConfig config, Encoder encoder, Decoder decoder, Classifier guidance) {
        this.config = config;
        this.encoder = encoder;
        this.decoder = decoder;
        this.guidance = guidance;
        this.quantizer = new LatentQuantizer(config.bits(), ModelConfig.LATENT_LO, ModelConfig.LATENT_HI);
    }

    /** A freshly initialised model with the default guide; the seed fixes the initial weights. */
    public static CdcModel create(ModelConfig config, long seed) {
        return create(config, ClassifierSpec.guide(), seed);
    }

    /** A freshly initialised model whose guide has the given shape; the seed fixes the initial weights. */
    public static CdcModel create(ModelConfig config, ClassifierSpec guide, long seed) {
        return TorchSeed.seeded(seed, () -> new CdcModel(config, new Encoder(config.shape(), config.latentChannels(), config.width()),
                new Decoder(config.shape(), config.latentChannels(), config.width()),
                new Classifier(guide, config.shape(), config.classes())));
    }

    public ModelConfig config() {
        return config;
    }

    public Encoder encoder() {
        return encoder;
    }

    public Decoder decoder() {
        return decoder;
    }

    public Classifier guidance() {
        return guidance;
    }

    /** The entropy coder's tables for this model's codes (docs/entropy-coding.md); null until fitted. */
    public CodeTables codeTables() {
        return codeTables;
    }

    /**
     * Gives the model the entropy coder's tables fitted on its codes; they become part of its
     * fingerprint, so edge and cloud can only pair shards with the tables they were coded with.
     *
     * @throws IllegalArgumentException for tables of another latent size or alphabet
     */
    public void useCodeTables(CodeTables tables) {
        if (tables != null && (tables.elements() != config.latentElements() || tables.symbols() != 1 << config.bits())) {
            throw new IllegalArgumentException("tables for " + tables.elements() + " codes of " + tables.symbols() + " symbols: the"
                    + " model has " + config.latentElements() + " codes of " + (1 << config.bits()));
        }
        this.codeTables = tables;
    }

    public LatentQuantizer quantizer() {
        return quantizer;
    }

    /** Where the model's weights are. */
    public ComputeDevice device() {
        return ComputeDevice.of(encoder);
    }

    /** Moves encoder, decoder and guide to {@code device}; returns this model. */
    public CdcModel moveTo(ComputeDevice device) {
        device.move(encoder);
        device.move(decoder);
        device.move(guidance);
        return this;
    }

    /**
     * An independent copy of the weights with another bit width: the starting point of a
     * fine-tune, which leaves this model untouched.
     */
    public CdcModel copyWithBits(int bits) {
        CdcModel copy = create(config.withBits(bits), guidance.spec(), 0).moveTo(device());
        copyParameters(encoder, copy.encoder);
        copyParameters(decoder, copy.decoder);
        copyParameters(guidance, copy.guidance);
        return copy;
    }

    /** Copies weights and buffers between modules of the same architecture. */
    public static void copyParameters(Module from, Module to) {
        StringTensorDict source = ParameterFile.state(from);
        StringTensorDict target = ParameterFile.state(to);
        try (NoGradGuard noGrad = new NoGradGuard()) {
            for (long i = 0; i < source.size(); i++) {
                target.get(i).value().copy_(source.get(i).value());
            }
        }
    }

    /**
     * SHA-256 over the configuration and the encoder's and decoder's parameters, and the entropy
     * coder's tables when the model has them (models from before tables keep their fingerprint):
     * {@link AutoencoderFingerprint}, which an edge computes from the file's entries too.
     */
    public ModelFingerprint fingerprint() {
        return AutoencoderFingerprint.of(config.fingerprintText(), ParameterFile.write(encoder), ParameterFile.write(decoder),
                codeTables == null ? null : codeTables.toBytes());
    }
}
