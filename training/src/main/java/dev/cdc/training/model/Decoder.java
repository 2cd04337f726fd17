package dev.cdc.training.model;

import static org.bytedeco.pytorch.global.torch.relu;
import static org.bytedeco.pytorch.global.torch.sigmoid;

import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.ConvTranspose2dImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/** The cloud's decoder: latents back to images in [0, 1], mirroring the encoder. */
public final class Decoder extends Module {
    private final ImageShape shape;
    private final Conv2dImpl stem;
    private final ConvTranspose2dImpl up1;
    private final ConvTranspose2dImpl up2;
    private final Conv2dImpl out;

    public Decoder(ImageShape shape, int latentChannels, int width) {
        this.shape = shape;
        stem = register_module("stem", Layers.conv(latentChannels, width, 3, 1, 1));
        up1 = register_module("up1", Layers.upsample(width, width));
        up2 = register_module("up2", Layers.upsample(width, width / 2));
        out = register_module("out", Layers.conv(width / 2, shape.channels(), 3, 1, 1));
    }

    public Tensor forward(Tensor latent) {
        Tensor x = relu(stem.forward(latent));
        x = relu(up1.forward(x));
        x = relu(up2.forward(x));
        x = sigmoid(out.forward(x));
        if (shape.paddedHeight() != shape.height() || shape.paddedWidth() != shape.width()) {
            x = x.narrow(2, 0, shape.height()).narrow(3, 0, shape.width());
        }
        return x;
    }
}
