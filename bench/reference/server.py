"""The reference analysis server of the service benchmark.

ropscreen's HTTP service written the way such services are usually built:
Flask, PyTorch (Debian's python3-torch), OpenCV and NumPy. It reads the same
bundled weights (Models/*/weights.safetensors and card.json), applies the same
preprocessing (field-of-view detection, square crop, letterbox, CLAHE on the
L channel, normalisation), runs the same six networks and returns the same
report fields, stored in SQLite with the photograph on disk by SHA-256. It is
a yardstick for `ropscreen-bench service`, not a product.

    /usr/bin/python3 bench/reference/server.py --models Models --port 18500 --data-dir /tmp/ref
"""

import argparse
import base64
import binascii
import hashlib
import json
import os
import signal
import sqlite3
import struct
import time
import uuid

import cv2
import numpy as np
import torch
from flask import Flask, jsonify, request
from torch import nn
import torch.nn.functional as F


# --- weights -----------------------------------------------------------------

DTYPES = {"F32": torch.float32, "F64": torch.float64, "I64": torch.int64, "I32": torch.int32, "U8": torch.uint8}


def read_safetensors(path):
    """The tensors of a safetensors file: an 8-byte header length, a JSON header, raw little-endian data."""
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    body = memoryview(data)[8 + length:]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        dtype = DTYPES[entry["dtype"]]
        flat = torch.frombuffer(bytearray(body[start:end]), dtype=dtype) if end > start else torch.zeros(0, dtype=dtype)
        tensors[name] = flat.reshape(entry["shape"])
    return tensors


# --- networks (the same layers and parameter names as RetinaModels) ----------------

class ConvBlock(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)

    def forward(self, x):
        return F.relu(self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x))))))


class UNet(nn.Module):
    def __init__(self, inputChannels=3, outputChannels=1, baseWidth=16, depth=3):
        super().__init__()
        widths = [baseWidth << i for i in range(depth + 1)]
        self.multiple = 1 << depth
        self.encoder = nn.ModuleList()
        cin = inputChannels
        for level in range(depth):
            self.encoder.append(ConvBlock(cin, widths[level]))
            cin = widths[level]
        self.bottleneck = ConvBlock(cin, widths[depth])
        self.upsample = nn.ModuleList()
        self.decoder = nn.ModuleList()
        for level in reversed(range(depth)):
            self.upsample.append(nn.ConvTranspose2d(widths[level + 1], widths[level], 2, stride=2))
            self.decoder.append(ConvBlock(2 * widths[level], widths[level]))
        self.head = nn.Conv2d(widths[0], outputChannels, 1)

    def forward(self, x):
        h, w = x.shape[2], x.shape[3]
        m = self.multiple
        x = F.pad(x, (0, (-w) % m, 0, (-h) % m))
        skips = []
        for block in self.encoder:
            x = block(x)
            skips.append(x)
            x = F.max_pool2d(x, 2)
        x = self.bottleneck(x)
        for up, block in zip(self.upsample, self.decoder):
            x = block(torch.cat([skips.pop(), up(x)], dim=1))
        return self.head(x)[:, :, :h, :w]


class ResidualBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride=stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        main = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(main + (self.downsample(x) if self.downsample is not None else x))


class Classifier(nn.Module):
    """The head every ropscreen classifier shares (ClassifierHead): global average pool,
    dropout, linear; with an evidence map, its highest cell joins the pooled features."""

    def add_head(self, features, classes, dropout, evidenceMap):
        self.dropout = nn.Dropout(dropout)
        self.evidence = nn.Conv2d(features, 1, 1) if evidenceMap else None
        self.head = nn.Linear(features + (1 if evidenceMap else 0), classes)

    def forward(self, x):
        x = self.features(x)
        pooled = self.dropout(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))
        if self.evidence is not None:
            pooled = torch.cat([pooled, torch.flatten(self.evidence(x), 1).amax(1, keepdim=True)], 1)
        return self.head(pooled)


class ResNet(Classifier):
    def __init__(self, inputChannels=3, classes=2, widths=(16, 32, 64, 128), blocksPerStage=1, dropout=0.0,
                 evidenceMap=False):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(inputChannels, widths[0], 3, stride=2, padding=1, bias=False),
                                  nn.BatchNorm2d(widths[0]), nn.ReLU())
        stages, cin = [], widths[0]
        for i, width in enumerate(widths):
            blocks = []
            for b in range(blocksPerStage):
                blocks.append(ResidualBlock(cin, width, 2 if i > 0 and b == 0 else 1))
                cin = width
            stages.append(nn.Sequential(*blocks))
        self.stages = nn.Sequential(*stages)
        self.add_head(cin, classes, dropout, evidenceMap)

    def features(self, x):
        return self.stages(self.stem(x))


class InvertedResidualBlock(nn.Module):
    def __init__(self, cin, cout, kernel, stride, expansion, eps=1e-3):
        super().__init__()
        hidden = cin * expansion
        if expansion != 1:
            self.expand = nn.Conv2d(cin, hidden, 1, bias=False)
            self.expandNorm = nn.BatchNorm2d(hidden, eps=eps)
        else:
            self.expand = None
        self.depthwise = nn.Conv2d(hidden, hidden, kernel, stride=stride, padding=kernel // 2, groups=hidden, bias=False)
        self.depthwiseNorm = nn.BatchNorm2d(hidden, eps=eps)
        self.project = nn.Conv2d(hidden, cout, 1, bias=False)
        self.projectNorm = nn.BatchNorm2d(cout, eps=eps)
        self.skip = stride == 1 and cin == cout

    def forward(self, x):
        y = F.relu6(self.expandNorm(self.expand(x))) if self.expand is not None else x
        y = self.projectNorm(self.project(F.relu6(self.depthwiseNorm(self.depthwise(y)))))
        return x + y if self.skip else y


class EfficientNetLite(Classifier):
    """EfficientNet-Lite0 up to `blocks` inverted residuals (EfficientNetLite)."""
    STAGES = [(1, 3, 1, 1, 16), (2, 3, 2, 6, 24), (2, 5, 2, 6, 40), (3, 3, 2, 6, 80),
              (3, 5, 1, 6, 112), (4, 5, 2, 6, 192), (1, 3, 1, 6, 320)]

    def __init__(self, inputChannels=3, classes=2, blocks=16, dropout=0.0, evidenceMap=False):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(inputChannels, 32, 3, stride=2, padding=1, bias=False),
                                  nn.BatchNorm2d(32, eps=1e-3), nn.ReLU6())
        layers, cin = [], 32
        for repeats, kernel, stride, expansion, cout in self.STAGES:
            for r in range(repeats):
                if len(layers) < blocks:
                    layers.append(InvertedResidualBlock(cin, cout, kernel, stride if r == 0 else 1, expansion))
                    cin = cout
        self.blocks = nn.Sequential(*layers)
        self.add_head(cin, classes, dropout, evidenceMap)

    def features(self, x):
        return self.blocks(self.stem(x))


ARCHITECTURES = {"unet": UNet, "resnet": ResNet, "efficientNetLite": EfficientNetLite}


class Model:
    """A bundled model: its card and its network, in evaluation mode."""

    def __init__(self, directory):
        with open(os.path.join(directory, "card.json")) as f:
            self.card = json.load(f)
        architecture = self.card["architecture"]
        kind, configuration = next(iter(architecture.items()))
        self.network = ARCHITECTURES[kind](**configuration)
        self.network.load_state_dict(read_safetensors(os.path.join(directory, "weights.safetensors")))
        self.network.eval()
        self.preprocessing = self.card["preprocessing"]
        self.threshold = self.card["threshold"]
        self.labels = self.card["labels"]

    def tensor(self, rgb):
        if self.preprocessing.get("clahe"):
            rgb = clahe(rgb)
        normalization = self.preprocessing["normalization"]
        mean = np.array(normalization["mean"], dtype=np.float32)
        std = np.array(normalization["std"], dtype=np.float32)
        x = (rgb.astype(np.float32) / 255 - mean) / std
        return torch.from_numpy(np.ascontiguousarray(x.transpose(2, 0, 1)))[None]

    def prepare(self, rgb, fov):
        """The photograph cropped to the field of view and letterboxed, as the card says; the map back to the photograph."""
        matrix = np.eye(3)
        if self.preprocessing.get("cropToFieldOfView") and fov["coverage"] > 0.05:
            matrix = square_crop(fov) @ matrix
            size = round(max(fov["box"][2], fov["box"][3]) * 1.02)
            shape = (size, size)
        else:
            shape = rgb.shape[:2]
        side = self.preprocessing.get("inputSize")
        if side:
            matrix = letterbox(shape, side) @ matrix
            shape = (side, side)
        return warp(rgb, matrix, shape), matrix


# --- image processing (the same steps as FundusImaging) -----------------------

def clahe(rgb):
    lab = cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB)
    lab[:, :, 0] = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8)).apply(lab[:, :, 0])
    return cv2.cvtColor(lab, cv2.COLOR_LAB2RGB)


def field_of_view(rgb, working_width=640):
    h, w = rgb.shape[:2]
    scale = min(1.0, working_width / w)
    small = cv2.resize(rgb, (max(int(w * scale), 1), max(int(h * scale), 1)), interpolation=cv2.INTER_AREA) if scale < 1 else rgb
    red = cv2.medianBlur(np.ascontiguousarray(small[:, :, 0]), 5)
    band = max(2, min(red.shape) // 100)
    border = np.concatenate([red[:band].ravel(), red[-band:].ravel(), red[band:-band, :band].ravel(), red[band:-band, -band:].ravel()])
    level = float(np.sort(border)[len(border) // 2])
    threshold = level + max(8.0, 0.1 * (float(red.max()) - level))
    mask = np.where(red > threshold, 255, 0).astype(np.uint8)
    kernel = max(3, int(min(small.shape[:2]) * 0.02) | 1)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (kernel, kernel)))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    largest = np.zeros_like(mask)
    if contours:
        cv2.drawContours(largest, [max(contours, key=cv2.contourArea)], -1, 255, cv2.FILLED)
    if largest.shape != (h, w):
        largest = np.where(cv2.resize(largest, (w, h), interpolation=cv2.INTER_LINEAR) > 127, 255, 0).astype(np.uint8)
    ys, xs = np.nonzero(largest > 127)
    box = (0, 0, 0, 0) if len(xs) == 0 else (xs.min(), ys.min(), xs.max() - xs.min() + 1, ys.max() - ys.min() + 1)
    return {"mask": largest, "box": tuple(float(v) for v in box), "coverage": len(xs) / (w * h)}


def square_crop(fov, margin=0.02):
    x, y, w, h = fov["box"]
    side = max(w, h) * (1 + margin)
    cx, cy = x + w / 2, y + h / 2
    return np.array([[1, 0, -round(cx - side / 2)], [0, 1, -round(cy - side / 2)], [0, 0, 1]], dtype=np.float64)


def resize_map(sx, sy):
    return np.array([[sx, 0, 0.5 * sx - 0.5], [0, sy, 0.5 * sy - 0.5], [0, 0, 1]], dtype=np.float64)


def letterbox(shape, side):
    h, w = shape
    s = min(side / w, side / h)
    offset = np.array([[1, 0, np.floor((side - w * s) / 2)], [0, 1, np.floor((side - h * s) / 2)], [0, 0, 1]])
    return offset @ resize_map(s, s)


def warp(image, matrix, shape):
    """Bilinear warp, shrinking by area averaging first when the map shrinks by more than 2× (as FundusImage does)."""
    scale = abs(np.linalg.det(matrix[:2, :2])) ** 0.5
    if scale < 0.5:
        h, w = image.shape[:2]
        step = (max(round(w * scale * 1.5), 1), max(round(h * scale * 1.5), 1))
        image = cv2.resize(image, step, interpolation=cv2.INTER_AREA)
        matrix = matrix @ np.linalg.inv(resize_map(step[0] / w, step[1] / h))
    return cv2.warpAffine(image, matrix[:2], (shape[1], shape[0]), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0)


def quality_measures(rgb, fov, working_width=512):
    h, w = rgb.shape[:2]
    size = (working_width, max(8, round(h * working_width / w)))
    small = cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)
    region = cv2.erode(cv2.resize(fov["mask"], size, interpolation=cv2.INTER_NEAREST),
                       cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (15, 15))) > 127
    if not region.any():
        region = np.ones(region.shape, bool)
    luminance = (small.astype(np.float64) @ np.array([0.299, 0.587, 0.114])) / 255
    green = np.ascontiguousarray(small[:, :, 1])
    closed = cv2.morphologyEx(green, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (11, 11)))
    laplacian = cv2.Laplacian(green, cv2.CV_64F)
    inner = region.copy()
    inner[0, :] = inner[-1, :] = inner[:, 0] = inner[:, -1] = False
    values = luminance[region]
    x, y, bw, bh = fov["box"]
    centre = (x + bw / 2, y + bh / 2) if fov["coverage"] > 0.05 else (w / 2, h / 2)
    return {
        "sharpness": float(laplacian[inner].var()) if inner.any() else 0.0,
        "brightness": float(values.mean()),
        "contrast": float(values.std()),
        "darkShare": float((values < 0.06).mean()),
        "brightShare": float((values > 0.96).mean()),
        "fieldOfViewCoverage": fov["coverage"],
        "fieldOfViewOffset": float(np.hypot(centre[0] - w / 2, centre[1] - h / 2) / (np.hypot(w, h) / 2)),
        "vesselVisibility": float(((closed.astype(int) - green.astype(int)) > 6)[region].mean()),
    }


def landmark_peaks(maps, matrix, disc_threshold, fovea_threshold):
    """Disc and fovea from the heat maps: peak, sub-pixel centroid of the ≥ half-peak 7×7 window, box from the size maps."""
    back = np.linalg.inv(matrix)
    h, w = maps.shape[1:]

    def peak(c):
        index = int(np.argmax(maps[c]))
        py, px = divmod(index, w)
        top = maps[c, py, px]
        window = maps[c, max(py - 3, 0):py + 4, max(px - 3, 0):px + 4]
        weights = np.where(window >= top * 0.5, window, 0).astype(np.float64)
        ys, xs = np.mgrid[max(py - 3, 0):min(py + 4, h), max(px - 3, 0):min(px + 4, w)]
        point = back @ np.array([(weights * xs).sum() / weights.sum(), (weights * ys).sum() / weights.sum(), 1])
        return point[:2], float(top), (py, px)

    (dx, dy), disc_confidence, (py, px) = peak(0)
    (fx, fy), fovea_confidence, _ = peak(1)
    scale = abs(np.linalg.det(back[:2, :2])) ** 0.5
    bw, bh = maps[2, py, px] * max(h, w) * scale, maps[3, py, px] * max(h, w) * scale
    return {
        "opticDisc": {"x": dx, "y": dy, "confidence": disc_confidence, "found": disc_confidence >= disc_threshold},
        "opticDiscBox": {"x": dx - bw / 2, "y": dy - bh / 2, "width": float(bw), "height": float(bh)},
        "fovea": {"x": fx, "y": fy, "confidence": fovea_confidence, "found": fovea_confidence >= fovea_threshold},
    }


def refine_disc(rgb, x, y, size, scale=0.8):
    """The disc centre as the centroid of the bright red-channel blob around the peak (DiscCentreRefinement)."""
    r = int(size * scale)
    h, w = rgb.shape[:2]
    x0, y0, x1, y1 = max(int(x) - r, 0), max(int(y) - r, 0), min(int(x) + r + 1, w), min(int(y) + r + 1, h)
    if r < 4 or x1 - x0 < 8 or y1 - y0 < 8:
        return None
    red = cv2.GaussianBlur(np.ascontiguousarray(rgb[y0:y1, x0:x1, 0]), (0, 0), max(1, r / 20))
    _, blob = cv2.threshold(red, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    count, labels, stats, centroids = cv2.connectedComponentsWithStats(blob)
    if count < 2:
        return None
    k = labels[min(max(int(y) - y0, 0), y1 - y0 - 1), min(max(int(x) - x0, 0), x1 - x0 - 1)]
    if k == 0:
        k = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    return x0 + centroids[k][0], y0 + centroids[k][1]


def refine_fovea(rgb, x, y, disc_diameter, scale=0.6, blur=0.1, weight=3.0, working=64.0, surround=20):
    """The fovea as the darkest point of the stretched, blurred green channel near the peak (FoveaRefinement)."""
    if not disc_diameter > 0:
        return None
    shrink = min(1.0, working / disc_diameter)
    diameter = disc_diameter * shrink
    r, sigma = int(diameter * scale), max(1.0, diameter * blur)
    if r < 4:
        return None
    h, w = rgb.shape[:2]
    reach = (r + int(3 * sigma) + 2) / shrink
    x0, y0, x1, y1 = max(int(x - reach), 0), max(int(y - reach), 0), min(int(x + reach) + 1, w), min(int(y + reach) + 1, h)
    size = (int((x1 - x0) * shrink), int((y1 - y0) * shrink))
    if size[0] < 8 or size[1] < 8:
        return None
    kx, ky = size[0] / (x1 - x0), size[1] / (y1 - y0)
    red, green = (np.ascontiguousarray(rgb[y0:y1, x0:x1, c]) for c in (0, 1))
    if shrink < 1:
        red, green = (cv2.resize(c, size, interpolation=cv2.INTER_AREA) for c in (red, green))
    inside = green[red > surround].astype(np.float64)
    if inside.size < 16:
        return None
    low, high = np.percentile(inside, [1, 99])
    stretched = np.clip((green.astype(np.float64) - low) * (255 / max(high - low, 1)), 0, 255).astype(np.uint8)
    blurred = cv2.GaussianBlur(stretched, (0, 0), sigma).astype(np.float64)
    n = int(sigma) + 1
    field = cv2.erode(np.where(red > surround, 255, 0).astype(np.uint8),
                      cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * n + 1, 2 * n + 1)),
                      borderType=cv2.BORDER_CONSTANT, borderValue=0)
    cx, cy = (x - x0 + 0.5) * kx - 0.5, (y - y0 + 0.5) * ky - 0.5
    ix0, iy0, ix1, iy1 = max(int(cx) - r, 0), max(int(cy) - r, 0), min(int(cx) + r + 1, size[0]), min(int(cy) + r + 1, size[1])
    values, valid = blurred[iy0:iy1, ix0:ix1], field[iy0:iy1, ix0:ix1] > 127
    if valid.sum() < 16:
        return None
    z = (values - np.median(values[valid])) / max(values[valid].std(), 1e-6)
    ys, xs = np.mgrid[iy0:iy1, ix0:ix1]
    score = np.where(valid, z + weight * ((xs - cx) ** 2 + (ys - cy) ** 2) / diameter ** 2, np.inf)
    best = np.unravel_index(np.argmin(score), score.shape)
    return x0 + (xs[best] + 0.5) / kx - 0.5, y0 + (ys[best] + 0.5) / ky - 0.5


def vessel_biomarkers(mask, region, disc_diameter, minimum_chord=10):
    """Density, skeleton length, segments and their tortuosity (arc / chord), calibre, as VesselBiomarkers measures them."""
    vessels = np.where(region > 127, mask, 0).astype(np.uint8)
    region_pixels = max(int((region > 127).sum()), 1)
    skeleton = cv2.ximgproc.thinning(vessels, thinningType=cv2.ximgproc.THINNING_ZHANGSUEN) > 0
    distance = cv2.distanceTransform(vessels, cv2.DIST_L2, cv2.DIST_MASK_PRECISE)
    s = skeleton.astype(np.uint8)
    straight = cv2.filter2D(s, -1, np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], np.uint8), borderType=cv2.BORDER_CONSTANT)
    diagonal = cv2.filter2D(s, -1, np.array([[1, 0, 1], [0, 0, 0], [1, 0, 1]], np.uint8), borderType=cv2.BORDER_CONSTANT)
    length = float((straight[skeleton].sum() + 2 ** 0.5 * diagonal[skeleton].sum()) / 2)
    junctions = skeleton & ((straight + diagonal) >= 3)
    junctions = cv2.dilate(junctions.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    arms = (skeleton & ~junctions).astype(np.uint8)
    count, labels = cv2.connectedComponents(arms, connectivity=8)
    # Per arm: its length (each neighbour pair once), its size, and its two ends (pixels with one neighbour).
    arm_straight = cv2.filter2D(arms, -1, np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], np.uint8), borderType=cv2.BORDER_CONSTANT)
    arm_diagonal = cv2.filter2D(arms, -1, np.array([[1, 0, 1], [0, 0, 0], [1, 0, 1]], np.uint8), borderType=cv2.BORDER_CONSTANT)
    on = arms > 0
    owners = labels[on]
    arcs = np.bincount(owners, weights=(arm_straight[on] + 2 ** 0.5 * arm_diagonal[on]) / 2, minlength=count)
    sizes = np.bincount(owners, minlength=count)
    ends = on & ((arm_straight + arm_diagonal) == 1)
    ys, xs = np.nonzero(ends)
    first, last = {}, {}
    for label, x, y in zip(labels[ys, xs], xs, ys):
        first.setdefault(label, (x, y))
        last[label] = (x, y)
    tortuosities = []
    for label, (x0, y0) in first.items():
        x1, y1 = last[label]
        chord = float(np.hypot(x0 - x1, y0 - y1))
        if chord >= minimum_chord:
            tortuosities.append(arcs[label] / chord)
    segments = int((sizes[1:] >= 2).sum())
    calibres = 2 * distance[skeleton] - 1

    def summary(values):
        if len(values) == 0:
            return None
        v = np.sort(np.asarray(values, dtype=np.float64))
        return {"mean": float(v.mean()), "median": float(v[len(v) // 2]), "p90": float(v[min(len(v) - 1, int(len(v) * 0.9))])}

    return {
        "density": float((vessels > 127).sum() / region_pixels), "skeletonLength": length, "segmentCount": segments,
        "tortuosity": summary(tortuosities),
        "tortuosityHistogram": np.histogram(tortuosities, bins=[0, 1.05, 1.1, 1.2, 1.5, np.inf])[0].tolist(),
        "calibre": summary(calibres), "discDiameter": disc_diameter,
    }


# --- the service ---------------------------------------------------------------

class APIError(Exception):
    STATUS = {"EMPTY_INPUT": 400, "INVALID_BASE64": 400, "INVALID_JSON": 400, "NOT_AN_IMAGE": 422, "CORRUPT_IMAGE": 422,
              "IMAGE_TOO_LARGE": 413, "UNSUPPORTED_MEDIA_TYPE": 415, "NOT_A_FUNDUS": 422}

    def __init__(self, code, message):
        super().__init__(message)
        self.code, self.message = code, message


class Analyzer:
    def __init__(self, models_root, vessel_diameter):
        self.vessel_diameter = vessel_diameter
        self.models = {name: Model(os.path.join(models_root, name))
                       for name in ["quality", "laterality", "landmarks", "landmarks-infant", "vessels", "ridge", "rop"]}
        self.versions = {name: m.card["version"] for name, m in self.models.items()}

    @torch.no_grad()
    def analyze(self, rgb):
        timings, started = {}, time.perf_counter()

        def timed(name, work):
            t = time.perf_counter()
            value = work()
            timings[name] = (time.perf_counter() - t) * 1000
            return value

        h, w = rgb.shape[:2]
        fov = timed("fieldOfView", lambda: field_of_view(rgb))
        report = {"id": str(uuid.uuid4()), "modelVersions": self.versions, "image": {"width": w, "height": h}, "warnings": []}

        def classify(name):
            model = self.models[name]
            image, _ = model.prepare(rgb, fov)
            p = torch.softmax(model.network(model.tensor(image)), dim=1)[0].tolist()
            return dict(zip(model.labels, p))

        quality = self.models["quality"]
        probabilities = timed("quality", lambda: classify("quality"))
        measures = quality_measures(rgb, fov)
        bad_threshold = (quality.card.get("labelThresholds") or {}).get("bad")  # calibrated, as ModelCard.decide reads it
        if probabilities["outlier"] >= quality.threshold:
            verdict = "outlier"
        elif bad_threshold is not None:
            total = probabilities["good"] + probabilities["bad"]
            verdict = "bad" if total > 0 and probabilities["bad"] / total >= bad_threshold else "good"
        else:
            verdict = max(("good", "bad"), key=probabilities.get)
        report["quality"] = {"verdict": verdict, "probabilities": probabilities, "measures": measures}
        if verdict == "outlier":
            raise APIError("NOT_A_FUNDUS", "this is not a fundus photograph")

        # Infant cameras (CameraIdentification): RetCam's 640x480 frame, or a square frame of 1000 px or more nearly filled by the field.
        infant = (w, h) == (640, 480) or (w == h and w >= 1000 and max(fov["box"][2], fov["box"][3]) >= 0.85 * w)
        landmarks = self.models["landmarks-infant" if infant else "landmarks"]

        def detect():
            image, matrix = landmarks.prepare(rgb, fov)
            x = landmarks.tensor(image)
            maps = torch.sigmoid(landmarks.network(x))
            if landmarks.preprocessing.get("mirrorAveraging"):
                maps = (maps + torch.sigmoid(landmarks.network(x.flip(3))).flip(3)) / 2
            own = landmarks.card.get("labelThresholds") or {}  # the card's per-label thresholds, as ModelCard.threshold(for:)
            found = landmark_peaks(maps[0].numpy(), matrix, own.get("optic_disc", landmarks.threshold), own.get("fovea", landmarks.threshold))
            disc, box = found["opticDisc"], found["opticDiscBox"]
            centre = refine_disc(rgb, disc["x"], disc["y"], max(box["width"], box["height"]))
            if centre is not None:
                disc["x"], disc["y"] = float(centre[0]), float(centre[1])
                box["x"], box["y"] = disc["x"] - box["width"] / 2, disc["y"] - box["height"] / 2
            fovea = found["fovea"]
            point = refine_fovea(rgb, fovea["x"], fovea["y"], (box["width"] + box["height"]) / 2)
            if point is not None:
                fovea["x"], fovea["y"] = float(point[0]), float(point[1])
            return found

        found = timed("landmarks", detect)
        report["landmarks"] = found
        eye = timed("laterality", lambda: classify("laterality"))
        disc, fovea = found["opticDisc"], found["fovea"]
        zone = None
        if disc["found"] and fovea["found"]:
            radius = 2 * float(np.hypot(disc["x"] - fovea["x"], disc["y"] - fovea["y"]))
            disc_diameter = (found["opticDiscBox"]["width"] + found["opticDiscBox"]["height"]) / 2
            zone = {"center": {"x": disc["x"], "y": disc["y"]}, "zoneIRadius": radius,
                    "posteriorZoneIIRadius": radius + 2 * disc_diameter,
                    "geometryEye": "right" if disc["x"] > fovea["x"] else "left"}
        classifier_eye = max(eye, key=eye.get)
        if zone is None and disc["found"]:
            # Estimated from the disc (ZoneGeometry): fovea 3.76 disc diameters temporal, 5.5 degrees below.
            dd = (found["opticDiscBox"]["width"] + found["opticDiscBox"]["height"]) / 2
            distance, angle = 3.76 * dd, np.radians(5.5)
            fx = disc["x"] + (-1 if classifier_eye == "right" else 1) * distance * np.cos(angle)
            zone = {"center": {"x": disc["x"], "y": disc["y"]}, "zoneIRadius": 2 * distance, "posteriorZoneIIRadius": 2 * distance + 2 * dd,
                    "geometryEye": classifier_eye, "estimated": True,
                    "estimatedFovea": {"x": float(fx), "y": float(disc["y"] + distance * np.sin(angle))}}
        report["zone"] = zone
        report["laterality"] = {"eye": classifier_eye, "probabilities": eye,
                                "agreement": zone is None or zone["geometryEye"] == classifier_eye}

        vessels = self.models["vessels"]

        def segment_vessels():
            # The field of view scaled to the diameter (AnalysisOptions.vesselFieldDiameter), or the whole photograph.
            d = self.vessel_diameter
            if fov["coverage"] > 0.05:
                side = round(max(fov["box"][2], fov["box"][3]) * 1.02)
                matrix = resize_map(d / side, d / side) @ square_crop(fov)
                image = warp(rgb, matrix, (d, d))
            else:
                matrix, image = np.eye(3), rgb
            p = torch.sigmoid(vessels.network(vessels.tensor(image)))[0, 0].numpy()
            probability = (np.clip(np.round(p * 255), 0, 255)).astype(np.uint8)
            back = cv2.warpAffine(probability, np.linalg.inv(matrix)[:2], (w, h), flags=cv2.INTER_LINEAR)
            return np.where(back.astype(np.float32) / 255 >= vessels.threshold, 255, 0).astype(np.uint8)

        mask = timed("vessels", segment_vessels)
        disc_diameter = ((found["opticDiscBox"]["width"] + found["opticDiscBox"]["height"]) / 2) if disc["found"] else None

        def biomarkers():
            result = {"threshold": vessels.threshold, "biomarkers": vessel_biomarkers(mask, fov["mask"], disc_diameter)}
            if zone:
                circle = np.zeros((h, w), np.uint8)
                cv2.circle(circle, (round(zone["center"]["x"]), round(zone["center"]["y"])), round(zone["zoneIRadius"]), 255, -1)
                result["zoneI"] = vessel_biomarkers(mask, circle, disc_diameter)
            ok, png = cv2.imencode(".png", mask)
            result["maskPNG"] = base64.b64encode(png.tobytes()).decode()
            return result

        report["vessels"] = timed("biomarkers", biomarkers)

        ridge = self.models["ridge"]

        def segment_ridge():
            side = ridge.preprocessing["inputSize"]
            s = side / max(w, h)
            small = cv2.resize(rgb, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)
            p = torch.sigmoid(ridge.network(ridge.tensor(small)))
            p = F.interpolate(p, size=(h, w), mode="bilinear", align_corners=False)[0, 0].numpy()
            inside = p[fov["mask"] > 127]
            above = int((inside >= ridge.threshold).sum())
            ok, png = cv2.imencode(".png", np.clip(np.round(p * 255), 0, 255).astype(np.uint8))
            return {"present": bool((p >= ridge.threshold).sum() >= 0.0005 * p.size),
                    "confidence": float(inside.max()) if inside.size else 0.0,
                    "areaShare": above / max(inside.size, 1), "threshold": ridge.threshold,
                    "mapPNG": base64.b64encode(png.tobytes()).decode()}

        report["ridge"] = timed("ridge", segment_ridge)
        rop = self.models["rop"]
        p_rop = timed("rop", lambda: classify("rop"))["rop"]
        report["rop"] = {"finding": "rop" if p_rop >= rop.threshold else "no_rop", "probability": p_rop, "threshold": rop.threshold,
                         "ridgeEvidence": {"present": report["ridge"]["present"], "confidence": report["ridge"]["confidence"]}}
        timings["total"] = (time.perf_counter() - started) * 1000
        report["timingsMs"] = timings
        return report


def decode_request(limit_pixels):
    body = request.get_data()
    content_type = (request.content_type or "").split(";")[0].strip().lower()
    if content_type == "application/json":
        try:
            payload = json.loads(body)
        except ValueError:
            raise APIError("INVALID_JSON", "the body is not JSON")
        text = payload.get("image") if isinstance(payload, dict) else None
        if not text:
            raise APIError("EMPTY_INPUT", "no image")
        if text.startswith("data:"):
            text = text.split(",", 1)[-1]
        try:
            data = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise APIError("INVALID_BASE64", "the image is not valid base64")
    elif content_type.startswith("image/"):
        data = body
    else:
        raise APIError("UNSUPPORTED_MEDIA_TYPE", f"unsupported content type {content_type!r}")
    if not data:
        raise APIError("EMPTY_INPUT", "no image")
    raw = np.frombuffer(data, np.uint8)
    bgr = cv2.imdecode(raw, cv2.IMREAD_COLOR)
    if bgr is None:
        raise APIError("NOT_AN_IMAGE", "the bytes are not an image")
    if bgr.shape[0] * bgr.shape[1] > limit_pixels:
        raise APIError("IMAGE_TOO_LARGE", "too many pixels")
    return data, cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)


def create_app(models_root, data_dir, vessel_diameter=512, limit_pixels=40_000_000):
    os.makedirs(os.path.join(data_dir, "images"), exist_ok=True)
    database_path = os.path.join(data_dir, "analyses.sqlite")
    with sqlite3.connect(database_path) as db:
        db.execute("CREATE TABLE IF NOT EXISTS analysis (id TEXT PRIMARY KEY, created REAL, image_sha256 TEXT, report TEXT)")
    analyzer = Analyzer(models_root, vessel_diameter)
    app = Flask(__name__)

    @app.errorhandler(APIError)
    def api_error(error):
        return jsonify({"error": {"code": error.code, "message": error.message}}), APIError.STATUS[error.code]

    @app.get("/readyz")
    def ready():
        return jsonify({"status": "ready", "torchThreads": torch.get_num_threads()})

    @app.post("/v1/analyses")
    def analyses():
        data, rgb = decode_request(limit_pixels)
        report = analyzer.analyze(rgb)
        digest = hashlib.sha256(data).hexdigest()
        path = os.path.join(data_dir, "images", digest)
        if not os.path.exists(path):
            with open(path + ".partial", "wb") as f:
                f.write(data)
            os.replace(path + ".partial", path)
        with sqlite3.connect(database_path) as db:
            db.execute("INSERT INTO analysis VALUES (?, ?, ?, ?)", (report["id"], time.time(), digest, json.dumps(report)))
        return jsonify(report)

    return app


if __name__ == "__main__":
    # A process started from a Swift program inherits its blocked signals; unblock SIGTERM so that the benchmark can stop it.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", default="Models")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=18500)
    parser.add_argument("--data-dir", default="reference-data")
    parser.add_argument("--vessel-field-diameter", type=int, default=512)
    arguments = parser.parse_args()
    create_app(arguments.models, arguments.data_dir, arguments.vessel_field_diameter).run(host=arguments.host, port=arguments.port, threaded=True)
