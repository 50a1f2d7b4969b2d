# The app's settings in app.env (from app.env.example), as the config task asks.
cat > app.env <<ENV
REDIS_HOST=redis
COUNTER_KEY=$LAB_PARAM_COUNTER_KEY
APP_SECRET=$LAB_PARAM_API_TOKEN
LOG_FILE=-
ENV
