// The autonomous-driving demo: camera and lidar perception → sensor fusion → tracking → motion
// prediction → planning → control. Each downstream model's inputs are its parents' outputs plus
// its own signals, so a fault upstream shifts every model below it. When the fault begins, the
// camera's lens is dirty at dusk: frames are darker and blurrier, the camera's obstacle
// confidence collapses towards 0.5, fusion leans on lidar alone and is less certain, tracks get
// shakier, predicted collision risk rises, the planner slows down and control brakes harder.
// The stack runs online, frame by frame: the fault reaches every stage below the camera in the
// window it begins (the realistic case, and the one Tandem must still call ONE incident).
import { clamp, createRandom, mixSeed, round, sigmoid } from "./random.js";
import { demoModel, emptyWindow, iso, spreadTimestamps, type DemoSystemSpec, type WindowContext, type WindowData } from "./demo-data.js";

export const DRIVING_SYSTEM_NAME = "Demo: autonomous driving";
const SEED = 7_001;

export const DRIVING_KEYS = ["camera_perception", "lidar_perception", "sensor_fusion", "tracking", "motion_prediction", "planning", "control"] as const;

export function drivingSpec(): DemoSystemSpec {
  return {
    name: DRIVING_SYSTEM_NAME,
    description:
      "Tandem demo: a self-driving stack. Camera and lidar perception detect obstacles, sensor fusion combines them, " +
      "then tracking, motion prediction, planning and control. A few minutes into the live stream the camera lens " +
      "gets dirty at dusk (darker, blurrier frames); every stage downstream consumes the dirty frames at once.",
    models: drivingModels(),
    edges: [
      { from: "camera_perception", to: "sensor_fusion", weight: 0.8, feature: "camera_confidence" },
      { from: "lidar_perception", to: "sensor_fusion", weight: 0.8, feature: "lidar_confidence" },
      { from: "sensor_fusion", to: "tracking", weight: 0.9, feature: "fused_confidence" },
      { from: "tracking", to: "motion_prediction", weight: 0.9, feature: "track_quality" },
      { from: "motion_prediction", to: "planning", weight: 0.85, feature: "collision_risk" },
      { from: "planning", to: "control", weight: 0.9, feature: "target_speed_kph" },
    ],
    rules: [],
    driftThreshold: 0.25,
    drift: [],
    referenceWindows: 8,
  };
}

/** The seven models of the stack, camera and lidar first. */
function drivingModels(): DemoSystemSpec["models"] {
  return [
    demoModel("camera_perception", "Camera perception", "BINARY_CLASSIFICATION", "cam-det 4.2", { brightness: "NUMERIC", blur: "NUMERIC", weather: "CATEGORICAL", object_count: "NUMERIC" }),
    demoModel("lidar_perception", "Lidar perception", "BINARY_CLASSIFICATION", "pointpillars 2.1", { point_density: "NUMERIC", range_m: "NUMERIC", reflectivity: "NUMERIC", rain_intensity: "NUMERIC" }),
    demoModel("sensor_fusion", "Sensor fusion", "BINARY_CLASSIFICATION", "fusion 1.8", { camera_confidence: "NUMERIC", lidar_confidence: "NUMERIC", calibration_error_mrad: "NUMERIC" }),
    demoModel("tracking", "Multi-object tracking", "REGRESSION", "sort++ 3.0", { fused_confidence: "NUMERIC", object_speed_mps: "NUMERIC", occlusion_ratio: "NUMERIC" }),
    demoModel("motion_prediction", "Motion prediction", "REGRESSION", "trajnet 2.4", { track_quality: "NUMERIC", pedestrian_density: "NUMERIC", ego_speed_kph: "NUMERIC" }),
    demoModel("planning", "Path planning", "REGRESSION", "planner 5.1", { collision_risk: "NUMERIC", route_curvature: "NUMERIC", traffic_light: "CATEGORICAL" }),
    demoModel("control", "Vehicle control", "REGRESSION", "mpc 1.3", { target_speed_kph: "NUMERIC", current_speed_kph: "NUMERIC", road_grip: "NUMERIC" }),
  ];
}

const WEATHER = ["clear", "cloudy", "rain", "fog"] as const;
const WEATHER_WEIGHTS = [0.55, 0.3, 0.1, 0.05];
const LIGHTS = ["none", "green", "yellow", "red"] as const;
const LIGHT_WEIGHTS = [0.55, 0.25, 0.05, 0.15];

interface FrameDraws {
  obstacle: number;
  weather: (typeof WEATHER)[number];
  light: (typeof LIGHTS)[number];
  u: number[];
  z: number[];
}

/** The whole stack on one frame, with the camera clean or dirty (the same random draws either way). */
function frame(d: FrameDraws, dirty: boolean, r: { poissonFrom(mean: number, u: number): number }) {
  const z = d.z;
  const sign = d.obstacle === 1 ? 1 : -1;
  // Camera: a dirty lens at dusk makes frames darker and blurrier and hides objects.
  const brightness = clamp(dirty ? 68 + 14 * z[0]! : 138 + 18 * z[0]!, 0, 255);
  const blur = clamp(dirty ? 0.58 + 0.1 * z[1]! : 0.15 + 0.05 * z[1]!, 0, 1);
  const objectCount = r.poissonFrom((4 + 5 * d.obstacle) * (dirty ? 0.55 : 1), d.u[0]!);
  const weatherQuality = d.weather === "fog" ? 0.8 : d.weather === "rain" ? 0.9 : 1;
  const cameraQuality = clamp(1 - 1.6 * Math.max(0, blur - 0.2) - 0.012 * Math.max(0, 110 - brightness), 0.05, 1) * weatherQuality;
  const cameraLogit = cameraQuality * 2.8 * sign + 1.2 * z[2]!;
  const camera = sigmoid(cameraLogit);

  // Lidar: independent of light; rain scatters the beams a little.
  const rainIntensity = clamp(d.weather === "rain" ? 0.5 + 0.15 * z[3]! : 0.03 + 0.02 * z[3]!, 0, 1);
  const pointDensity = (1200 + 150 * z[4]!) * (1 - 0.3 * rainIntensity);
  const range = 80 + 12 * z[5]!;
  const reflectivity = clamp(0.45 + 0.08 * z[6]!, 0, 1);
  const lidarQuality = clamp(0.9 - 0.4 * rainIntensity + 0.0002 * (pointDensity - 1200), 0.1, 1);
  const lidarLogit = lidarQuality * 2.6 * sign + 1.1 * z[7]!;
  const lidar = sigmoid(lidarLogit);

  // Fusion: both confidences in logit space, plus a little calibration error.
  const calibration = Math.abs(0.5 + 0.2 * z[8]!);
  const fused = sigmoid(0.55 * cameraLogit + 0.55 * lidarLogit - 0.3 * (calibration - 0.5) + 0.4 * z[9]!);

  // Tracking: stable tracks when fusion is certain.
  const objectSpeed = Math.abs(8 + 3 * z[10]!);
  const occlusion = clamp(0.2 + 0.07 * z[11]!, 0, 1);
  const trackQuality = clamp(0.2 + 0.75 * Math.abs(2 * fused - 1) - 0.3 * occlusion + 0.04 * z[12]!, 0, 1);

  // Motion prediction: shaky tracks → higher predicted collision risk.
  const pedestrians = Math.max(0, 3 + 1.2 * z[13]!);
  const egoSpeed = clamp(45 + 10 * z[14]!, 0, 130);
  const collisionRisk = clamp(0.05 + 0.6 * (1 - trackQuality) + 0.03 * pedestrians + 0.001 * (egoSpeed - 45) + 0.03 * z[15]!, 0, 1);

  // Planning: slows down as risk rises, and for curves and red lights.
  const curvature = Math.abs(0.02 + 0.008 * z[16]!);
  const lightPenalty = d.light === "red" ? 6 : d.light === "yellow" ? 3 : 0;
  const targetSpeed = clamp(58 - 60 * collisionRisk - 300 * curvature - lightPenalty + 2 * z[17]!, 0, 70);

  // Control: brake pressure from the gap between the current and the target speed.
  const currentSpeed = clamp(45 + 5 * z[18]!, 0, 130);
  const grip = clamp(0.85 + 0.05 * z[19]!, 0.3, 1);
  const brake = clamp(0.3 + (0.03 * (currentSpeed - targetSpeed)) / grip + 0.03 * z[20]!, 0, 1);

  return {
    camera_perception: { score: camera, features: { brightness: round(brightness, 1), blur: round(blur, 3), weather: d.weather, object_count: objectCount } },
    lidar_perception: { score: lidar, features: { point_density: round(pointDensity, 1), range_m: round(range, 1), reflectivity: round(reflectivity, 3), rain_intensity: round(rainIntensity, 3) } },
    sensor_fusion: { score: fused, features: { camera_confidence: round(camera, 4), lidar_confidence: round(lidar, 4), calibration_error_mrad: round(calibration, 3) } },
    tracking: { score: trackQuality, features: { fused_confidence: round(fused, 4), object_speed_mps: round(objectSpeed, 2), occlusion_ratio: round(occlusion, 3) } },
    motion_prediction: { score: collisionRisk, features: { track_quality: round(trackQuality, 4), pedestrian_density: round(pedestrians, 2), ego_speed_kph: round(egoSpeed, 1) } },
    planning: { score: targetSpeed, features: { collision_risk: round(collisionRisk, 4), route_curvature: round(curvature, 4), traffic_light: d.light } },
    control: { score: brake, features: { target_speed_kph: round(targetSpeed, 4), current_speed_kph: round(currentSpeed, 1), road_grip: round(grip, 3) } },
  };
}

/** Poisson by inversion from one uniform (so that clean and dirty frames share their draw). */
function poissonFrom(mean: number, u: number): number {
  let k = 0;
  let p = Math.exp(-mean);
  let cdf = p;
  while (u > cdf && k < 1000) {
    k += 1;
    p *= mean / k;
    cdf += p;
  }
  return k;
}

/**
 * One window of the driving stack: `rows` frames, every model scoring each frame, each stage
 * consuming its upstream stage's output for the same frame (an online pipeline). From the window
 * the fault begins in (`ctx.faultAge` ≥ 0) the camera sees dirty frames and every stage below it
 * inherits them in that same window: the whole cascade shows at once, and Tandem must still find
 * its root (ties between a producer and its consumers favour the producer) and keep it ONE incident.
 */
export function drivingWindow(ctx: WindowContext, rows: number): WindowData {
  const r = createRandom(mixSeed(SEED, ctx.start, ctx.windowMs));
  const data = emptyWindow(DRIVING_KEYS);
  const times = spreadTimestamps(ctx.start, ctx.windowMs, rows, r.next);
  const end = ctx.start + ctx.windowMs;
  for (let i = 0; i < rows; i += 1) {
    const t = times[i]!;
    const ts = iso(t);
    const id = (key: string) => `${key}-${ctx.start}-${i}`;
    const draws: FrameDraws = {
      obstacle: r.chance(0.35) ? 1 : 0,
      weather: r.pick(WEATHER, WEATHER_WEIGHTS),
      light: r.pick(LIGHTS, LIGHT_WEIGHTS),
      u: [r.next()],
      z: Array.from({ length: 21 }, () => r.normal()),
    };
    const clean = frame(draws, false, { poissonFrom });
    const view = ctx.faultAge >= 0 ? frame(draws, true, { poissonFrom }) : clean;
    for (const key of DRIVING_KEYS) {
      const out = view[key];
      data.predictions[key]!.push({ id: id(key), timestamp: ts, score: round(out.score, 4), features: out.features });
    }
    // Ground truth from the annotation pipeline: perception labels when the window closes,
    // fusion's a window later.
    const labelTs = iso(Math.min(end - 1, t + 1000));
    data.labels.camera_perception!.push({ predictionId: id("camera_perception"), timestamp: labelTs, value: draws.obstacle });
    data.labels.lidar_perception!.push({ predictionId: id("lidar_perception"), timestamp: labelTs, value: draws.obstacle });
    data.lateLabels.sensor_fusion!.push({ predictionId: id("sensor_fusion"), timestamp: labelTs, value: draws.obstacle });
  }
  return data;
}
